package io.poolworks.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableAsync;

/**
 * A small service on the Poolworks starter: the pools {@code mail}, {@code reports} and
 * {@code ingest} of {@code application.yml}, a worker that feeds {@code ingest} from an
 * inbox, and Actuator to watch and tune them.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableAsync
public class SampleApplication {

    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }

}
