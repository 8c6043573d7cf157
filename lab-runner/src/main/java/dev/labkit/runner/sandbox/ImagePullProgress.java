package dev.labkit.runner.sandbox;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.PullResponseItem;
import dev.labkit.runner.DownloadProgress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns Docker's pull messages (one per layer and step) into one progress line for the whole
 * image: the bytes of every layer seen so far, downloaded and in all.
 */
final class ImagePullProgress extends ResultCallback.Adapter<PullResponseItem> {

    private final String image;
    private final Consumer<String> progress;
    private final long started = System.nanoTime();
    private final Map<String, long[]> layers = new LinkedHashMap<>();
    private volatile String error;

    ImagePullProgress(String image, Consumer<String> progress) {
        this.image = image;
        this.progress = progress;
    }

    @Override
    public void onNext(PullResponseItem item) {
        if (item.getErrorDetail() != null || item.getError() != null) {
            error = item.getErrorDetail() != null ? item.getErrorDetail().getMessage() : item.getError();
            return;
        }
        String layer = item.getId();
        if (layer == null) {
            return;
        }
        boolean downloading = "Downloading".equals(item.getStatus()) && item.getProgressDetail() != null
                && item.getProgressDetail().getTotal() != null;
        boolean downloaded = "Download complete".equals(item.getStatus());
        if (!downloading && !downloaded) {
            return;
        }
        synchronized (layers) {
            long[] bytes = layers.computeIfAbsent(layer, id -> new long[2]);
            if (downloading) {
                bytes[0] = item.getProgressDetail().getCurrent();
                bytes[1] = item.getProgressDetail().getTotal();
            } else {
                bytes[0] = bytes[1];
            }
            long completed = layers.values().stream().mapToLong(b -> b[0]).sum();
            long total = layers.values().stream().mapToLong(b -> b[1]).sum();
            if (total > 0) {
                progress.accept(DownloadProgress.line(image, completed, total, System.nanoTime() - started));
            }
        }
    }

    /** The error Docker reported in the stream (some come there, not as a failed request), if any. */
    String error() {
        return error;
    }
}
