package dev.sift.service.console;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The web console: static files under {@code classpath:/static/console/}, served at {@code
 * /console/} without a key (every API call the page makes sends the key the user pasted). The page
 * is locked down by a Content Security Policy that allows only its own scripts and styles and calls
 * to this origin, so that ticket text can never run as script even if a rendering bug let markup
 * through.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleConfiguration implements WebMvcConfigurer {

  static final String PATH = "/console/";
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; "
          + "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  @Override
  public void addViewControllers(ViewControllerRegistry registry) {
    registry.addRedirectViewController("/console", PATH);
    registry.addViewController(PATH).setViewName("forward:" + PATH + "index.html");
  }

  @Bean
  FilterRegistrationBean<OncePerRequestFilter> consoleHeaders() {
    FilterRegistrationBean<OncePerRequestFilter> registration =
        new FilterRegistrationBean<>(new HeaderFilter());
    registration.addUrlPatterns("/console", "/console/*");
    return registration;
  }

  /** Security headers on every console response, the forwarded index page included. */
  private static final class HeaderFilter extends OncePerRequestFilter {
    @Override
    protected void doFilterInternal(
        HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
      response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
      response.setHeader("X-Content-Type-Options", "nosniff");
      response.setHeader("Referrer-Policy", "no-referrer");
      // The key lives in the tab's sessionStorage; a cached page holds none, but keep the console
      // fresh after an upgrade.
      response.setHeader("Cache-Control", "no-cache");
      chain.doFilter(request, response);
    }
  }
}
