package dev.sift.service.system;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers what the servlet container dispatches to the error path as an RFC 9457 problem: a status
 * Tomcat set itself (TRACE refused, a chunked body it cannot decode) or an exception that escaped
 * every filter. It replaces Spring Boot's {@code BasicErrorController}, whose {@code {"timestamp",
 * ...}} body is no problem. What Spring MVC handles never gets here; {@link ProblemHandler} has
 * answered it. The path itself, asked for directly, is 404.
 */
@RestController
class ProblemErrorController implements ErrorController {

  private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

  @RequestMapping("${server.error.path:/error}")
  ResponseEntity<Map<String, Object>> error(
      HttpServletRequest request, HttpServletResponse response) {
    if (response.isCommitted()) {
      // Answered already (UnreadBodyValve ended the response); Tomcat only asks for its error page.
      return null;
    }
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    int status = code instanceof Integer i ? i : HttpStatus.NOT_FOUND.value();
    String path =
        code == null
            ? request.getRequestURI()
            : (String) request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
    Map<String, Object> body;
    ProblemType type;
    if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION)
        instanceof ProblemException problem) {
      type = problem.type();
      status = type.status().value();
      body = ContainerProblem.body(type, status, problem.getMessage(), path);
      body.putAll(problem.properties());
    } else {
      type = ContainerProblem.type(status);
      if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable t) {
        log.error("request {} failed outside Spring MVC", path, t);
      }
      body = ContainerProblem.body(type, status, ContainerProblem.detail(type), path);
    }
    request.setAttribute(ProblemType.REQUEST_ATTRIBUTE, type);
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
  }
}
