package io.choria.lifecycle.examples.spring;

import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A service as a Spring Boot developer writes one, with nothing of Choria in its code: the
 * starter on the class path and {@code choria.lifecycle.*} in application.properties make it
 * announce startup when ready, alive every interval and shutdown when it stops.
 */
@SpringBootApplication
@RestController
public class InventoryService {
    public static void main(String[] args) {
        SpringApplication.run(InventoryService.class, args);
    }

    /** The service's own work. */
    @GetMapping("/items")
    public List<String> items() {
        return List.of("widget", "gadget");
    }
}
