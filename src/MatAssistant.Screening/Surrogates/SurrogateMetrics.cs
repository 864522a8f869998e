namespace MatAssistant.Screening.Surrogates;

/// <summary>Error and ranking metrics of the evaluation (written here because they are a few lines each and must match Matbench's definitions).</summary>
public static class SurrogateMetrics
{
    public static double MeanAbsoluteError(IReadOnlyList<double> truth, IReadOnlyList<double> predicted) =>
        truth.Count == 0 ? double.NaN : truth.Select((t, i) => Math.Abs(t - predicted[i])).Average();

    public static double RootMeanSquareError(IReadOnlyList<double> truth, IReadOnlyList<double> predicted) =>
        truth.Count == 0 ? double.NaN : Math.Sqrt(truth.Select((t, i) => (t - predicted[i]) * (t - predicted[i])).Average());

    /// <summary>Share of rows whose absolute error is at most <paramref name="sigmas"/> × σ.</summary>
    public static double ShareWithin(IReadOnlyList<double> truth, IReadOnlyList<double> predicted, IReadOnlyList<double> std, double sigmas) =>
        truth.Count == 0 ? double.NaN : truth.Select((t, i) => Math.Abs(t - predicted[i]) <= sigmas * std[i] ? 1.0 : 0.0).Average();

    /// <summary>Area under the ROC curve of scores against 0/1 labels (Mann–Whitney statistic, ties counted half).</summary>
    public static double RocAuc(IReadOnlyList<double> labels, IReadOnlyList<double> scores)
    {
        var order = Enumerable.Range(0, labels.Count).OrderBy(i => scores[i]).ToArray();
        double rankSumPositive = 0;
        long positives = 0;
        var k = 0;
        while (k < order.Length)
        {
            var end = k;
            while (end + 1 < order.Length && scores[order[end + 1]] == scores[order[k]])
            {
                end++;
            }

            var averageRank = ((k + end) / 2.0) + 1;
            for (var j = k; j <= end; j++)
            {
                if (labels[order[j]] > 0.5)
                {
                    rankSumPositive += averageRank;
                    positives++;
                }
            }

            k = end + 1;
        }

        var negatives = labels.Count - positives;
        return positives == 0 || negatives == 0
            ? double.NaN
            : (rankSumPositive - (positives * (positives + 1) / 2.0)) / (positives * (double)negatives);
    }

    /// <summary>
    /// Mean of the true-positive and true-negative rates at threshold 0.5. Matbench scores its classification tasks with
    /// ROC-AUC of the hard 0/1 predictions, which equals this number; <see cref="RocAuc"/> on probabilities is higher.
    /// </summary>
    public static double BalancedAccuracy(IReadOnlyList<double> labels, IReadOnlyList<double> scores)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(scores);
        var hard = scores.Select(s => s >= 0.5 ? 1.0 : 0.0).ToArray();
        return RocAuc(labels, hard);
    }

    /// <summary>Share of correct labels when the score is thresholded at 0.5.</summary>
    public static double Accuracy(IReadOnlyList<double> labels, IReadOnlyList<double> scores) =>
        labels.Count == 0 ? double.NaN : labels.Select((l, i) => (l > 0.5) == (scores[i] >= 0.5) ? 1.0 : 0.0).Average();
}
