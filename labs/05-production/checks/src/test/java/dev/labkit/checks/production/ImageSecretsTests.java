package dev.labkit.checks.production;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labkit.checks.sdk.ImageTarball;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What counts as a secret in an image's environment and files. */
class ImageSecretsTests {

    @Test
    void variablesNamedForSecretsWithAValueAreFound() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("JAVA_HOME", "/opt/java/openjdk");
        env.put("PATH", "/usr/bin");
        env.put("DB_PASSWORD", "hunter2");
        env.put("OPENAI_API_KEY", "sk-123");
        env.put("APIKEY", "abc");
        env.put("GITHUB_TOKEN", "ghp_x");
        env.put("secret", "s");
        env.put("JWT_SECRET_VALUE", "v");
        env.put("EMPTY_TOKEN", "");
        env.put("KEYCLOAK_URL", "http://kc");
        env.put("TOKENIZER_PARALLELISM", "false");
        env.put("LANG", "C.UTF-8");

        assertThat(ImageSecrets.inEnvironment(env)).containsExactly("DB_PASSWORD (a value of 7 characters)",
                "OPENAI_API_KEY (a value of 6 characters)", "APIKEY (a value of 3 characters)",
                "GITHUB_TOKEN (a value of 5 characters)", "secret (a value of 1 characters)",
                "JWT_SECRET_VALUE (a value of 1 characters)");
    }

    private static ImageTarball.LayerFile file(String path) {
        return new ImageTarball.LayerFile(path, 10, false);
    }

    @Test
    void filesOfSecretsAreFoundButTrustStoresAndLinksAreNot() {
        List<ImageTarball.LayerFile> files = List.of(file("/app/resources/.env"), file("/app/resources/.env.prod"),
                file("/app/resources/server.pem"), file("/app/tls.key"), file("/root/.ssh/id_rsa"),
                file("/app/keystore.p12"), file("/home/app/.netrc"), file("/app/libs/keys-1.0.jar"),
                file("/app/classes/com/example/tally/ApiKey.class"), file("/etc/ssl/certs/ca-certificates.crt"),
                file("/usr/share/ca-certificates/mozilla/ISRG_Root_X1.pem"),
                new ImageTarball.LayerFile("/etc/ssl/private/x.pem", 0, true),
                new ImageTarball.LayerFile("/app/linked.pem", 0, true), file("/opt/java/lib/security/cacerts"),
                file("/app/resources/.wh.secret.pem"), file("/app/resources/environment.txt"));

        assertThat(ImageSecrets.inFiles(files)).containsExactly("/app/resources/.env", "/app/resources/.env.prod",
                "/app/resources/server.pem", "/app/tls.key", "/root/.ssh/id_rsa", "/app/keystore.p12",
                "/home/app/.netrc");
    }
}
