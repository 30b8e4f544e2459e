# Builds and runs Sift on the embedded default. docker compose adds PostgreSQL/pgvector and Ollama.
FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -q -ntp package -DskipTests

FROM eclipse-temurin:21-jre
# A system user of its own: the service needs no root, and a compromise of it should not get root either.
RUN groupadd --system --gid 10001 sift && useradd --system --uid 10001 --gid sift --home-dir /app sift \
    && mkdir -p /data && chown sift:sift /data
WORKDIR /app
COPY --from=build /src/triage-service/app/target/sift-triage-service-*-exec.jar /app/sift.jar
ENV SIFT_DATA_DIR=/data
VOLUME /data
USER sift
EXPOSE 8080
# The image has no curl; bash's /dev/tcp asks the public health endpoint, which answers "UP" when the service is.
HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=3 \
  CMD bash -c 'exec 3<>/dev/tcp/127.0.0.1/8080 && printf "GET /actuator/health HTTP/1.0\r\nHost: localhost\r\n\r\n" >&3 && grep -q "\"UP\"" <&3'
# jdk.incubator.vector turns on Lucene's SIMD vector scoring; ONNX Runtime loads a native library.
ENTRYPOINT ["java", "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-jar", "/app/sift.jar"]
