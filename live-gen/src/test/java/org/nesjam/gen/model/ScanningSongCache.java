package org.nesjam.gen.model;

/**
 * The in-song cache computed the plain way, a full scan of the history for every token: the reference
 * {@link SongCache}'s incremental state must equal. Same model and constants ({@link SongCache#MAX_ORDER},
 * {@link SongCache#ORDER_GAIN}, orders 2 and up, a floor for the model). [test]
 */
final class ScanningSongCache {
    private final int historyTokens;
    private final double backoff;
    private final double floor;
    final double[] weight;
    double modelWeight;

    ScanningSongCache(int vocabSize, int historyTokens, double backoff, double floor) {
        this.historyTokens = historyTokens;
        this.backoff = backoff;
        this.floor = floor;
        this.weight = new double[vocabSize];
    }

    void compute(int[] tokens, int songStart, int length) {
        java.util.Arrays.fill(weight, 0);
        modelWeight = 1;
        if (backoff == 0 || length <= songStart) {
            return;
        }
        int orders = SongCache.MAX_ORDER;
        int[][] counts = new int[orders + 1][weight.length];
        int[] total = new int[orders + 1];
        int[] distinct = new int[orders + 1];
        for (int i = Math.max(songStart, length - historyTokens); i < length; i++) {
            int match = 0;
            while (match < orders - 1 && i - match - 1 >= songStart
                    && tokens[i - match - 1] == tokens[length - match - 1]) {
                match++;
            }
            for (int k = 1; k <= match + 1; k++) {
                if (counts[k][tokens[i]]++ == 0) {
                    distinct[k]++;
                }
                total[k]++;
            }
        }
        double below = 1;
        for (int k = orders; k >= 2; k--) {
            if (total[k] == 0) {
                continue;
            }
            double lambda = total[k] / (total[k] + backoff * Math.pow(SongCache.ORDER_GAIN, -(k - 1)) * distinct[k]);
            for (int w = 0; w < weight.length; w++) {
                weight[w] += below * lambda * counts[k][w] / total[k];
            }
            below *= 1 - lambda;
        }
        if (below < floor) {
            double scale = (1 - floor) / (1 - below);
            for (int w = 0; w < weight.length; w++) {
                weight[w] *= scale;
            }
            below = floor;
        }
        modelWeight = below;
    }
}
