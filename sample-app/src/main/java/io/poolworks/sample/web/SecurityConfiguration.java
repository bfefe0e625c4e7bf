package io.poolworks.sample.web;

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Protects Actuator writes only, such as tuning a pool: they need HTTP basic as a user
 * with role {@value #ACTUATOR_ADMIN} ({@code spring.security.user.*} in
 * {@code application.yml}). Reading Actuator and the service's own API stay open. The API
 * is stateless JSON, so there is no session and no CSRF token.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    /**
     * Role needed to write to Actuator endpoints.
     */
    public static final String ACTUATOR_ADMIN = "ACTUATOR_ADMIN";

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
        RequestMatcher read = (request) -> HttpMethod.GET.matches(request.getMethod())
                || HttpMethod.HEAD.matches(request.getMethod());
        http.authorizeHttpRequests(
                (requests) -> requests.requestMatchers(new AndRequestMatcher(EndpointRequest.toAnyEndpoint(), read))
                    .permitAll()
                    .requestMatchers(EndpointRequest.toAnyEndpoint())
                    .hasRole(ACTUATOR_ADMIN)
                    .anyRequest()
                    .permitAll())
            .httpBasic(Customizer.withDefaults())
            .csrf((csrf) -> csrf.disable())
            .sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        return http.build();
    }

}
