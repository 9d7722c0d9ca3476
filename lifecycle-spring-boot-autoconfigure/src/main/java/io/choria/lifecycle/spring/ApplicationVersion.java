package io.choria.lifecycle.spring;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.info.BuildProperties;
import org.springframework.util.ClassUtils;

/**
 * The version an application announces when {@code choria.lifecycle.version} is not set: that of
 * its build information ({@code BuildProperties}, from the Spring Boot plugin's
 * {@code build-info}), else the {@code Implementation-Version} of the jar its
 * {@code @SpringBootApplication} class came from (as Spring Boot's start-up line shows it), else
 * empty.
 */
final class ApplicationVersion {
    private ApplicationVersion() {
    }

    static String of(BuildProperties build, Class<?> applicationClass) {
        if (build != null && build.getVersion() != null && !build.getVersion().isBlank()) {
            return build.getVersion();
        }
        Package p = applicationClass == null ? null : applicationClass.getPackage();
        String manifest = p == null ? null : p.getImplementationVersion();
        return manifest == null ? "" : manifest;
    }

    /** The application's {@code @SpringBootConfiguration} class, without instantiating anything; null when there is none. */
    static Class<?> applicationClass(ConfigurableListableBeanFactory beans) {
        for (String name : beans.getBeanNamesForAnnotation(SpringBootConfiguration.class)) {
            Class<?> type = beans.getType(name, false);
            if (type != null) {
                return ClassUtils.getUserClass(type);
            }
        }
        return null;
    }
}
