package dev.sift.service.system;

import java.util.List;
import java.util.regex.Pattern;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Web plumbing shared by every feature: tenant name checks and request body limits. */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

  /** Every tenant-scoped endpoint lives under this prefix. */
  static final String TENANT_PATHS = "/v1/tenants/**";

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(new TenantPathInterceptor()).addPathPatterns(TENANT_PATHS);
  }

  @Bean
  RequestBodyLimitFilter requestBodyLimitFilter(SiftProperties properties) {
    SiftProperties.Limits limits = properties.limits();
    return new RequestBodyLimitFilter(List.of(
        new RequestBodyLimitFilter.Rule("POST", Pattern.compile("/v1/tenants/[^/]+/triage/?"),
            limits.maxBodyBytes().toBytes(), "A triage request"),
        new RequestBodyLimitFilter.Rule("POST", Pattern.compile("/v1/tenants/[^/]+/tickets/?"),
            limits.maxBatchBytes().toBytes(), "A ticket batch")));
  }
}
