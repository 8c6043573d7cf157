package dev.labkit.checks.production;

import dev.labkit.checks.sdk.ImageTarball;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Secrets an image must not hold: an environment variable whose name says secret, password, token or key and
 * that has a value; files of secrets ({@code .env}, private keys and key stores, SSH keys, credentials files).
 * Certificates of a base image's trust store ({@code /etc/ssl/certs}, {@code /usr/share/ca-certificates},
 * {@code /etc/pki}) are public, not secrets.
 */
final class ImageSecrets {

    /** Parts of a variable's name that say it holds a secret ({@code DB_PASSWORD}, {@code API_KEY}, {@code APIKEY}). */
    private static final Pattern SECRET_NAME =
            Pattern.compile("(?i)(^|[_.-])[A-Z0-9]*(SECRET|PASSWORD|PASSWD|TOKEN|KEY)([_.-]|$)");

    /** Names of files that hold secrets. */
    private static final Pattern SECRET_FILE = Pattern.compile("(?i)(^\\.env(\\..+)?$|.+\\.(pem|key|p12|pfx|jks|"
            + "keystore)$|^id_(rsa|dsa|ecdsa|ed25519)$|^\\.netrc$|^\\.pgpass$|^credentials(\\.json)?$|"
            + "^\\.git-credentials$|^\\.npmrc$)");

    private static final List<String> PUBLIC_CERTIFICATES = List.of("/etc/ssl/", "/usr/share/ca-certificates/",
            "/etc/pki/", "/usr/lib/ssl/", "/etc/ca-certificates/", "/usr/local/share/ca-certificates/");

    private ImageSecrets() {}

    /** Variables that look like secrets and have a value, as {@code NAME (a value of N characters)}. */
    static List<String> inEnvironment(Map<String, String> env) {
        List<String> found = new ArrayList<>();
        env.forEach((name, value) -> {
            if (value != null && !value.isEmpty() && SECRET_NAME.matcher(name).find()) {
                found.add(name + " (a value of " + value.length() + " characters)");
            }
        });
        return found;
    }

    /** Regular files whose name says they hold secrets, outside a trust store, as their paths. */
    static List<String> inFiles(List<ImageTarball.LayerFile> files) {
        return files.stream().filter(f -> !f.link() && !f.path().contains("/.wh."))
                .filter(f -> SECRET_FILE.matcher(fileName(f.path())).matches())
                .filter(f -> PUBLIC_CERTIFICATES.stream().noneMatch(dir -> f.path().toLowerCase(Locale.ROOT)
                        .startsWith(dir)))
                .map(ImageTarball.LayerFile::path).distinct().toList();
    }

    private static String fileName(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }
}
