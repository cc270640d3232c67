package io.treenetra.platform.web;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Names the route template a request matched (never its raw path, so metric labels stay bounded),
 * for {@link RequestFilter}'s metrics.
 */
@Provider
public class RouteFilter implements ContainerRequestFilter {

  private static final Map<Method, String> TEMPLATES = new ConcurrentHashMap<>();
  private static final String BASE =
      TreeNetraApplication.class.getAnnotation(ApplicationPath.class).value();

  @Context ResourceInfo resourceInfo;

  @Override
  public void filter(ContainerRequestContext context) {
    Method method = resourceInfo.getResourceMethod();
    Class<?> resource = resourceInfo.getResourceClass();
    if (method != null && resource != null) {
      // In a servlet container, request properties are the servlet request's attributes.
      context.setProperty(
          RequestFilter.ROUTE_ATTRIBUTE,
          TEMPLATES.computeIfAbsent(method, m -> template(resource, m)));
    }
  }

  private static String template(Class<?> resource, Method method) {
    StringBuilder template = new StringBuilder(BASE);
    append(template, resource.getAnnotation(Path.class));
    append(template, method.getAnnotation(Path.class));
    return template.toString();
  }

  private static void append(StringBuilder template, Path path) {
    if (path == null || path.value().isEmpty() || path.value().equals("/")) {
      return;
    }
    if (template.charAt(template.length() - 1) != '/' && !path.value().startsWith("/")) {
      template.append('/');
    }
    template.append(path.value());
  }
}
