#!/usr/bin/env bash
# Builds the image `lab check --sandbox container` builds submissions in, from this machine's JDK
# (the labkit/jre-base:17 image, made by jre-base.sh, which carries javac) and Maven 3.9 from Maven
# Central (3.9 reads a chained, read-only local repository: see docs/sandbox.md). Also in it: a
# static busybox as sh and the usual tools, and the plugins Maven's default jar build uses, so that
# an offline build finds them. Nothing is pulled from a Docker registry.
# Usage: docker/build-base.sh [tag]      (default tag: labkit/build-base:17)
set -euo pipefail
tag="${1:-labkit/build-base:17}"
base=labkit/jre-base:17
maven_version=3.9.16
here="$(cd "$(dirname "$0")" && pwd)"
command -v docker >/dev/null || { echo "error: docker is needed: install docker.io and start dockerd" >&2; exit 2; }
command -v mvn >/dev/null && command -v javac >/dev/null || { echo "error: mvn and a JDK are needed: install maven and openjdk-17-jdk-headless" >&2; exit 2; }
busybox=$(command -v busybox || true)
if [ -z "$busybox" ] || ldd "$busybox" >/dev/null 2>&1; then
  echo "error: a static busybox is needed (the image's sh): apt-get install busybox-static" >&2; exit 2
fi
docker image inspect "$base" >/dev/null 2>&1 || "$here/jre-base.sh" "$base"

ctx="$(mktemp -d)"
trap 'rm -rf "$ctx"' EXIT
# Through Maven's own resolver: checksums checked, the ~/.m2 cache and the machine's mirrors used.
mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
  -Dartifact="org.apache.maven:apache-maven:$maven_version:tar.gz:bin" -DoutputDirectory="$ctx"
tar -C "$ctx" -xzf "$ctx/apache-maven-$maven_version-bin.tar.gz"
mv "$ctx/apache-maven-$maven_version" "$ctx/maven"
cp "$busybox" "$ctx/busybox"
# Maven's console library (jansi) loads libutil, which the JRE image does not need.
libutil="$(ldconfig -p | awk '$1 == "libutil.so.1" && /x86-64|x86_64/ { print $NF; exit }')"
mkdir -p "$ctx/libs$(dirname "$libutil")"
cp -L "$libutil" "$ctx/libs$libutil"
# The CA certificates for Maven Central over HTTPS: jlink's runtime may lack them (Debian keeps them
# outside the JDK, in /etc/ssl/certs/java).
java_home="$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"
cp -L "$java_home/lib/security/cacerts" "$ctx/cacerts"

# A one-class jar project: building it leaves the default lifecycle's plugins in /opt/m2.
mkdir -p "$ctx/warm/src/main/java/warm"
cat > "$ctx/warm/pom.xml" <<'EOF'
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.labkit</groupId>
  <artifactId>warm</artifactId>
  <version>1</version>
  <properties>
    <maven.compiler.release>17</maven.compiler.release>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
  </properties>
</project>
EOF
echo 'package warm; public class Warm {}' > "$ctx/warm/src/main/java/warm/Warm.java"

cat > "$ctx/Dockerfile" <<'EOF'
FROM labkit/jre-base:17
USER root
COPY busybox /bin/busybox
RUN ["/bin/busybox", "--install", "-s", "/bin"]
RUN mkdir -p /usr/bin && ln -s /bin/env /usr/bin/env
COPY libs/ /
COPY maven /opt/maven
COPY cacerts /opt/java/lib/security/cacerts
COPY warm /tmp/warm
ENV PATH=/opt/maven/bin:/opt/java/bin:/usr/bin:/bin LANG=C.UTF-8
RUN cd /tmp/warm && mvn -B -q -Dmaven.repo.local=/opt/m2 -DskipTests package && rm -rf /tmp/warm && chmod -R a+rX /opt/m2
USER app
WORKDIR /home/app
EOF
docker build -q -t "$tag" "$ctx" >/dev/null
echo "built $tag ($(docker image inspect "$tag" --format '{{.Size}}' | awk '{ printf "%.0f MB", $1 / 1e6 }'))"
docker run --rm "$tag" mvn -v 2>&1 | sed -n 1p   # sed reads it all: no SIGPIPE under pipefail
