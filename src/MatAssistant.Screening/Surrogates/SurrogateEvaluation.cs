using MatAssistant.Chemistry;

namespace MatAssistant.Screening.Surrogates;

/// <summary>Figures of one held-out set.</summary>
/// <param name="Split">Fold number (<c>0</c>–<c>4</c>) or held-out family name.</param>
/// <param name="TrainRows">Rows trained on (after grouping by composition where the spec asks).</param>
/// <param name="TestRows">Rows tested.</param>
/// <param name="Mae">Mean absolute error (regression).</param>
/// <param name="Rmse">Root mean square error (regression).</param>
/// <param name="RocAuc">Area under the ROC curve (classifier).</param>
/// <param name="Accuracy">Accuracy at probability 0.5 (classifier).</param>
/// <param name="BalancedAccuracy">Balanced accuracy at 0.5 = ROC-AUC of hard labels, Matbench's classification score (classifier).</param>
/// <param name="Within1Sigma">Share of test errors within 1 calibrated σ (regression).</param>
/// <param name="Within2Sigma">Share of test errors within 2 calibrated σ (regression).</param>
/// <param name="InDistributionShare">Share of test rows the model calls in distribution.</param>
/// <param name="MaeInDistribution">MAE over the rows flagged in distribution.</param>
/// <param name="MaeOutOfDistribution">MAE over the rows flagged out of distribution.</param>
public sealed record SplitFigures(
    string Split, int TrainRows, int TestRows, double Mae, double Rmse, double RocAuc, double Accuracy, double BalancedAccuracy,
    double Within1Sigma, double Within2Sigma, double InDistributionShare, double MaeInDistribution, double MaeOutOfDistribution);

/// <summary>The result of one evaluation protocol.</summary>
/// <param name="Name">Surrogate name.</param>
/// <param name="Protocol"><c>matbench</c> (official 5 folds) or <c>family</c> (leave one chemical family out).</param>
/// <param name="Splits">Figures per fold or family.</param>
/// <param name="Summary">For matbench: mean over folds (Matbench's headline); for family: pooled over all held-out rows.</param>
/// <param name="Options">The training options used inside the protocol.</param>
/// <param name="Reference">For family: the matbench random-fold figures on exactly the same rows, family by family (null otherwise).</param>
public sealed record SurrogateEvaluationReport(
    string Name, string Protocol, IReadOnlyList<SplitFigures> Splits, SplitFigures Summary, SurrogateTrainingOptions Options,
    IReadOnlyList<SplitFigures>? Reference = null);

/// <summary>Progress of an evaluation: which split, then the training step inside it.</summary>
public sealed record SurrogateEvaluationProgress(string Split, int SplitIndex, int Splits, SurrogateTrainingProgress Step);

/// <summary>Honest evaluation of a surrogate (issue 6): Matbench's official 5-fold split, and leave-one-chemical-family-out.</summary>
public static class SurrogateEvaluation
{
    /// <summary>Chemical families for the out-of-distribution test, assigned by priority (a composition belongs to the first that matches).</summary>
    public static IReadOnlyList<(string Name, string[] Anions)> Families { get; } =
    [
        ("oxides", ["O"]),
        ("halides", ["F", "Cl", "Br", "I"]),
        ("chalcogenides", ["S", "Se", "Te"]),
        ("pnictides", ["N", "P", "As", "Sb"]),
    ];

    /// <summary>The family of <paramref name="composition"/>: one of <see cref="Families"/>, <c>intermetallics</c> (only metals), or <c>other</c>.</summary>
    public static string FamilyOf(Composition composition)
    {
        ArgumentNullException.ThrowIfNull(composition);
        foreach (var (name, anions) in Families)
        {
            if (composition.Elements.Any(e => anions.Contains(e.Symbol)))
            {
                return name;
            }
        }

        return composition.Elements.All(e => e.IsMetal) ? "intermetallics" : "other";
    }

    /// <summary>Per-row predictions of a protocol, parallel to the rows given.</summary>
    public sealed record RowPredictions(double[] Mean, double[] Std, bool[] InDistribution);

    /// <summary>Matbench's 5-fold protocol over rows that carry <see cref="SurrogateRow.Fold"/>; also returns each row's out-of-fold prediction.</summary>
    public static (SurrogateEvaluationReport Report, RowPredictions Predictions) Matbench(
        SurrogateSpec spec, IReadOnlyList<SurrogateRow> rows, SurrogateTrainingOptions options,
        IProgress<SurrogateEvaluationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Any(r => r.Fold is < 0 or > 4))
        {
            throw new ArgumentException("Every row needs a Matbench fold 0–4.", nameof(rows));
        }

        var predictions = new RowPredictions(new double[rows.Count], new double[rows.Count], new bool[rows.Count]);
        var splits = new List<SplitFigures>();
        for (var fold = 0; fold < 5; fold++)
        {
            var f = fold;
            var trainRows = rows.Where(r => r.Fold != f).ToArray();
            var testIndex = Enumerable.Range(0, rows.Count).Where(i => rows[i].Fold == f).ToArray();
            splits.Add(TrainAndTest(spec, $"fold {fold}", trainRows, rows, testIndex, options with { Seed = options.Seed + fold }, predictions,
                new Progress(progress, $"fold {fold}", fold, 5), cancellationToken));
        }

        var summary = Average(splits, "mean of 5 folds");
        return (new SurrogateEvaluationReport(spec.Name, "matbench", splits, summary, options), predictions);
    }

    /// <summary>Leave one chemical family out: train without the family, test on it; compare with <paramref name="randomSplit"/> on the same rows.</summary>
    public static SurrogateEvaluationReport FamilyOut(
        SurrogateSpec spec, IReadOnlyList<SurrogateRow> rows, SurrogateTrainingOptions options, RowPredictions? randomSplit,
        int minimumRows = 50, IProgress<SurrogateEvaluationProgress>? progress = null, CancellationToken cancellationToken = default) =>
        FamilyOutWithPredictions(spec, rows, options, randomSplit, minimumRows, progress, cancellationToken).Report;

    /// <summary>As <see cref="FamilyOut"/>, also returning each held-out row's prediction (rows of no held-out family keep zeros).</summary>
    public static (SurrogateEvaluationReport Report, RowPredictions Predictions) FamilyOutWithPredictions(
        SurrogateSpec spec, IReadOnlyList<SurrogateRow> rows, SurrogateTrainingOptions options, RowPredictions? randomSplit,
        int minimumRows = 50, IProgress<SurrogateEvaluationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var family = rows.Select(r => FamilyOf(r.Composition)).ToArray();
        var names = Families.Select(f => f.Name).Append("intermetallics")
            .Where(n => family.Count(x => x == n) >= minimumRows).ToArray();
        var predictions = new RowPredictions(new double[rows.Count], new double[rows.Count], new bool[rows.Count]);
        var splits = new List<SplitFigures>();
        var reference = new List<SplitFigures>();
        var pooled = new List<int>();
        for (var k = 0; k < names.Length; k++)
        {
            var name = names[k];
            var trainRows = rows.Where((_, i) => family[i] != name).ToArray();
            var testIndex = Enumerable.Range(0, rows.Count).Where(i => family[i] == name).ToArray();
            pooled.AddRange(testIndex);
            splits.Add(TrainAndTest(spec, name, trainRows, rows, testIndex, options, predictions, new Progress(progress, name, k, names.Length), cancellationToken));
            if (randomSplit is not null)
            {
                reference.Add(Figures(spec, name, 0, rows, testIndex, randomSplit)); // train size: see the Matbench table
            }
        }

        var summary = Figures(spec, "all held-out families", 0, rows, [.. pooled], predictions);
        return (new SurrogateEvaluationReport(spec.Name, "family", splits, summary, options, randomSplit is null ? null : reference), predictions);
    }

    private static SplitFigures TrainAndTest(
        SurrogateSpec spec, string split, SurrogateRow[] trainRows, IReadOnlyList<SurrogateRow> rows, int[] testIndex,
        SurrogateTrainingOptions options, RowPredictions predictions, IProgress<SurrogateTrainingProgress> progress, CancellationToken cancellationToken)
    {
        using var model = SurrogateTrainer.Train(spec, trainRows, options, progress, cancellationToken);
        var predicted = model.PredictBatch(testIndex.Select(i => rows[i].Composition).ToArray());
        for (var j = 0; j < testIndex.Length; j++)
        {
            predictions.Mean[testIndex[j]] = predicted[j].Mean;
            predictions.Std[testIndex[j]] = predicted[j].Std;
            predictions.InDistribution[testIndex[j]] = predicted[j].InDistribution;
        }

        return Figures(spec, split, int.Parse(model.Header.Training["training_rows"], System.Globalization.CultureInfo.InvariantCulture), rows, testIndex, predictions);
    }

    private static SplitFigures Figures(SurrogateSpec spec, string split, int trainRows, IReadOnlyList<SurrogateRow> rows, int[] index, RowPredictions p)
    {
        var truth = index.Select(i => rows[i].Target).ToArray();
        var mean = index.Select(i => p.Mean[i]).ToArray();
        var std = index.Select(i => p.Std[i]).ToArray();
        var inside = index.Select(i => p.InDistribution[i]).ToArray();
        double Mae(bool want) => SurrogateMetrics.MeanAbsoluteError(
            truth.Where((_, j) => inside[j] == want).ToArray(), mean.Where((_, j) => inside[j] == want).ToArray());
        var regression = spec.Kind == SurrogateKind.Regression;
        return new SplitFigures(
            split, trainRows, index.Length,
            SurrogateMetrics.MeanAbsoluteError(truth, mean),
            regression ? SurrogateMetrics.RootMeanSquareError(truth, mean) : double.NaN,
            regression ? double.NaN : SurrogateMetrics.RocAuc(truth, mean),
            regression ? double.NaN : SurrogateMetrics.Accuracy(truth, mean),
            regression ? double.NaN : SurrogateMetrics.BalancedAccuracy(truth, mean),
            regression ? SurrogateMetrics.ShareWithin(truth, mean, std, 1) : double.NaN,
            regression ? SurrogateMetrics.ShareWithin(truth, mean, std, 2) : double.NaN,
            inside.Count(x => x) / (double)Math.Max(1, inside.Length),
            Mae(true),
            Mae(false));
    }

    private static SplitFigures Average(IReadOnlyList<SplitFigures> splits, string name) => new(
        name,
        (int)splits.Average(s => s.TrainRows),
        splits.Sum(s => s.TestRows),
        splits.Average(s => s.Mae),
        splits.Average(s => s.Rmse),
        splits.Average(s => s.RocAuc),
        splits.Average(s => s.Accuracy),
        splits.Average(s => s.BalancedAccuracy),
        splits.Average(s => s.Within1Sigma),
        splits.Average(s => s.Within2Sigma),
        splits.Average(s => s.InDistributionShare),
        splits.Average(s => s.MaeInDistribution),
        splits.Average(s => s.MaeOutOfDistribution));

    private sealed class Progress(IProgress<SurrogateEvaluationProgress>? outer, string split, int index, int count) : IProgress<SurrogateTrainingProgress>
    {
        public void Report(SurrogateTrainingProgress value) => outer?.Report(new SurrogateEvaluationProgress(split, index, count, value));
    }
}
