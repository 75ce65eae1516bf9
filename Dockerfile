# OpenECS in a container, for those who have the .NET images (mcr.microsoft.com/dotnet). Not built by CI.
#   docker build -t openecs .
#   docker run -d -p 8080:8080 -v openecs-data:/var/lib/openecs openecs
#   docker exec CONTAINER cat /var/lib/openecs/admin-credentials.txt      # the generated admin credentials
# CI emulator use: add -e OPENECS__EMULATOR__ENABLED=true -e OPENECS__SIMULATOR__SPEED=instant -e OPENECS__ADMIN__APITOKEN=...
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/OpenEcs.Server -c Release -o /app -p:SatelliteResourceLanguages=en -nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# The data folder: the image's non-root user's alone (APP_UID comes with the .NET images).
RUN mkdir -p /var/lib/openecs && chown "$APP_UID" /var/lib/openecs && chmod 0700 /var/lib/openecs
ENV Urls=http://0.0.0.0:8080 \
    OPENECS__DATADIR=/var/lib/openecs \
    OPENECS__EMULATOR__ENABLED=false
VOLUME /var/lib/openecs
EXPOSE 8080
USER $APP_UID
# No curl in the runtime image: bash's /dev/tcp asks /healthz (liveness) itself.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /healthz HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["dotnet", "OpenEcs.Server.dll", "serve"]
