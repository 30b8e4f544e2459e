package dev.sift.service.system;

import java.util.List;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.config.annotation.AsyncSupportConfigurer;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Web plumbing shared by every feature: tenant name checks, request body limits, and the bounded
 * pool that works on triage and upsert requests. Those endpoints return a {@code Callable}: the
 * pool runs at most {@code max-concurrent} of them, queues {@code max-queued} more, turns the rest
 * away at once (503 overloaded), lets no tenant hold more than its {@code tenant-share} of them
 * (503 overloaded too), and answers 503 request-timeout to any request not done within {@code
 * request-timeout}.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

  private final SiftProperties properties;
  private final ThreadPoolTaskExecutor workers;

  WebConfiguration(SiftProperties properties) {
    this.properties = properties;
    this.workers = workers(properties.limits());
  }

  /** Every tenant-scoped endpoint lives under this prefix. */
  static final String TENANT_PATHS = "/v1/tenants/**";

  static final String ADMIN_TENANT_PATHS = "/v1/admin/tenants/**";

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry
        .addInterceptor(new TenantPathInterceptor())
        .addPathPatterns(TENANT_PATHS, ADMIN_TENANT_PATHS);
  }

  private static ThreadPoolTaskExecutor workers(LimitsProperties limits) {
    return new WorkerPool(limits.maxConcurrent(), limits.maxQueued(), limits.maxPerTenant());
  }

  /** Exposed so that Spring shuts the pool down with the context. */
  @Bean
  ThreadPoolTaskExecutor siftWorkers() {
    return workers;
  }

  @Override
  public void configureAsyncSupport(AsyncSupportConfigurer configurer) {
    configurer.setTaskExecutor(workers);
    configurer.setDefaultTimeout(properties.limits().requestTimeout().toMillis());
  }

  @Bean
  FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(
      @Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems) {
    LimitsProperties limits = properties.limits();
    long body = limits.maxBodyBytes().toBytes();
    long batch = limits.maxBatchBytes().toBytes();
    RequestBodyLimitFilter filter =
        new RequestBodyLimitFilter(
            List.of(
                new RequestBodyLimitFilter.Rule(
                    HttpMethod.POST, "/v1/tenants/{tenant}/triage", body, "A triage request"),
                new RequestBodyLimitFilter.Rule(
                    HttpMethod.POST, "/v1/tenants/{tenant}/tickets", batch, "A ticket batch"),
                new RequestBodyLimitFilter.Rule(
                    HttpMethod.PUT, "/v1/tenants/{tenant}/taxonomy", batch, "A taxonomy"),
                new RequestBodyLimitFilter.Rule(
                    HttpMethod.POST,
                    "/v1/tenants/{tenant}/history",
                    limits.maxHistoryBytes().toBytes(),
                    "A history upload")),
            // Everything else carries at most a key name: the triage limit is ample.
            new RequestBodyLimitFilter.Limit(body, "A request to this endpoint"),
            limits.bodyTimeout(),
            problems);
    FilterRegistrationBean<RequestBodyLimitFilter> registration =
        new FilterRegistrationBean<>(filter);
    registration.setOrder(RequestBodyLimitFilter.ORDER);
    return registration;
  }
}
