# Builds and runs Sift on the embedded default. docker compose adds PostgreSQL/pgvector and Ollama.
FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -q -ntp install -DskipTests

FROM eclipse-temurin:21-jre
WORKDIR /app
COPY --from=build /src/triage-service/app/target/sift-triage-service-*-exec.jar /app/sift.jar
ENV SIFT_DATA_DIR=/data
VOLUME /data
EXPOSE 8080
ENTRYPOINT ["java", "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-jar", "/app/sift.jar"]
