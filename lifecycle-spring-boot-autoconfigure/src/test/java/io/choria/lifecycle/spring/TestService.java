package io.choria.lifecycle.spring;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/** The application under test: a plain Spring Boot application with nothing of its own but what a test adds. */
@SpringBootConfiguration
@EnableAutoConfiguration
class TestService {
}
