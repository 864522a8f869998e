using System.Globalization;
using System.Text;
using MatAssistant.Chemistry;

namespace MatAssistant.Screening.Surrogates;

/// <summary>A well-known compound with a literature gap: a row of <c>properties_dev.csv</c> (<c>formula,gap_ev,is_metal,note</c>).</summary>
public sealed record TextbookCompound(string Formula, double Gap, bool IsMetal, string Note, string Source);

/// <summary>One compound's predictions beside its literature values.</summary>
/// <param name="Compound">The compound and its literature values.</param>
/// <param name="PredictedGap">Predicted band gap, eV.</param>
/// <param name="GapStd">Its σ.</param>
/// <param name="GapInDistribution">The band-gap model's in-distribution flag.</param>
/// <param name="MetalProbability">p_metal of the metal model (NaN when it is not loaded).</param>
/// <param name="InSample">The reduced composition is a training row of <c>expt_gap</c> or <c>expt_is_metal</c>.</param>
/// <param name="GapSource">Where the gap came from: <see cref="PropertyPrediction.Source"/> (<c>measured</c>,
/// <c>anchored_pbe</c>) or <c>model</c>.</param>
public sealed record TextbookRow(
    TextbookCompound Compound, double PredictedGap, double GapStd, bool GapInDistribution, double MetalProbability, bool InSample,
    string GapSource = "model");

/// <summary>Figures over a set of <see cref="TextbookRow"/>s.</summary>
/// <param name="Compounds">Rows.</param>
/// <param name="NonMetals">Non-metal rows (the gap figures are over these).</param>
/// <param name="GapMae">Mean absolute gap error over the non-metals, eV.</param>
/// <param name="Within1Sigma">Share of non-metal gap errors within 1σ.</param>
/// <param name="Within2Sigma">Share within 2σ.</param>
/// <param name="ConfidentMisses">Non-metals given p_metal ≥ 0.9.</param>
/// <param name="MetalAccuracy">Accuracy of p_metal ≥ 0.5 over every row.</param>
/// <param name="MetalRocAuc">ROC-AUC of p_metal over every row.</param>
/// <param name="MetalsWithGap">Metals given a gap above 0.5 eV.</param>
public sealed record TextbookFigures(
    int Compounds, int NonMetals, double GapMae, double Within1Sigma, double Within2Sigma, IReadOnlyList<string> ConfidentMisses,
    double MetalAccuracy, double MetalRocAuc, IReadOnlyList<string> MetalsWithGap);

/// <summary>
/// The textbook evaluation: every row, and the figures over all rows, the out-of-sample rows, the in-sample rows, the
/// rows answered by a measured value and the rows the models predicted (no measured value of the composition).
/// </summary>
public sealed record TextbookReport(
    IReadOnlyList<TextbookRow> Rows, TextbookFigures All, TextbookFigures OutOfSample, TextbookFigures InSample,
    TextbookFigures? MeasuredValue = null, TextbookFigures? Predicted = null);

/// <summary>
/// Judges the band-gap and metal models on well-known compounds with literature gaps (DESIGN.md §4: MAE ≤ 0.5 eV on the
/// non-metals, 1σ / 2σ near 68 / 95 %, no insulator with p_metal ≥ 0.9). Rows whose composition the models trained on are
/// reported apart, since there the models repeat their labels.
/// </summary>
public static class TextbookEvaluation
{
    /// <summary>p_metal at or above which a non-metal counts as a confident miss.</summary>
    public const double ConfidentMetal = 0.9;

    /// <summary>Gap above which a metal counts as a miss.</summary>
    public const double MetalGapMiss = 0.5;

    /// <summary>Reads a <c>formula,gap_ev,is_metal,note</c> file (quoted fields allowed).</summary>
    public static IReadOnlyList<TextbookCompound> Load(string path)
    {
        using var reader = new StreamReader(path);
        return Load(reader, Path.GetFileName(path));
    }

    /// <inheritdoc cref="Load(string)"/>
    public static IReadOnlyList<TextbookCompound> Load(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var header = SplitCsv(reader.ReadLine() ?? throw new InvalidDataException($"{source} is empty."));
        int Column(string name) => Array.IndexOf(header, name) is var i and >= 0 ? i : throw new InvalidDataException($"{source} needs a '{name}' column.");
        int formula = Column("formula"), gap = Column("gap_ev"), metal = Column("is_metal");
        var note = Array.IndexOf(header, "note");
        var result = new List<TextbookCompound>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Trim().Length == 0)
            {
                continue;
            }

            var f = SplitCsv(line);
            result.Add(new TextbookCompound(
                f[formula],
                double.Parse(f[gap], NumberStyles.Float, CultureInfo.InvariantCulture),
                f[metal].Trim() == "1",
                note >= 0 && note < f.Length ? f[note] : "",
                source));
        }

        return result;
    }

    /// <summary>Reduced compositions of the metal/gap training sets in <paramref name="dataDirectory"/>, to mark in-sample rows.</summary>
    public static IReadOnlySet<string> TrainingKeys(string dataDirectory) =>
        new[] { SurrogateCatalog.BandGap, SurrogateCatalog.IsMetal }
            .SelectMany(spec => SurrogateDataset.Load(SurrogateDataset.FoldsFile(dataDirectory, spec), out _))
            .Select(r => SurrogateDataset.Key(r.Composition))
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>Predicts every compound with <paramref name="predictor"/> (which needs <c>band_gap</c>; <c>is_metal</c> for the metal figures).</summary>
    public static TextbookReport Evaluate(PropertyPredictor predictor, IReadOnlyList<TextbookCompound> compounds, IReadOnlySet<string>? trainingKeys = null)
    {
        ArgumentNullException.ThrowIfNull(predictor);
        ArgumentNullException.ThrowIfNull(compounds);
        var compositions = compounds.Select(c => Composition.Parse(c.Formula)).ToArray();
        var predictions = predictor.PredictBatch(compositions);
        var rows = new TextbookRow[compounds.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            var p = predictions[i];
            var gap = p.TryGetValue(SurrogateCatalog.BandGap.Name, out var g) ? g : throw new InvalidOperationException("The band_gap model is not loaded.");
            var metal = p.TryGetValue(SurrogateCatalog.IsMetal.Name, out var m) ? m.Mean : double.NaN;
            rows[i] = new TextbookRow(compounds[i], gap.Mean, gap.Std, gap.InDistribution, metal,
                trainingKeys?.Contains(SurrogateDataset.Key(compositions[i])) ?? false, gap.Source ?? "model");
        }

        return new TextbookReport(rows, Figures(rows), Figures([.. rows.Where(r => !r.InSample)]), Figures([.. rows.Where(r => r.InSample)]),
            Figures([.. rows.Where(r => r.GapSource == PropertyPrediction.Measured)]), Figures([.. rows.Where(r => r.GapSource != PropertyPrediction.Measured)]));
    }

    /// <summary>Figures over <paramref name="rows"/>.</summary>
    public static TextbookFigures Figures(IReadOnlyList<TextbookRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var insulators = rows.Where(r => !r.Compound.IsMetal).ToArray();
        var truth = insulators.Select(r => r.Compound.Gap).ToArray();
        var mean = insulators.Select(r => r.PredictedGap).ToArray();
        var std = insulators.Select(r => r.GapStd).ToArray();
        var withMetal = rows.Where(r => !double.IsNaN(r.MetalProbability)).ToArray();
        var labels = withMetal.Select(r => r.Compound.IsMetal ? 1.0 : 0.0).ToArray();
        var scores = withMetal.Select(r => r.MetalProbability).ToArray();
        return new TextbookFigures(
            rows.Count,
            insulators.Length,
            SurrogateMetrics.MeanAbsoluteError(truth, mean),
            SurrogateMetrics.ShareWithin(truth, mean, std, 1),
            SurrogateMetrics.ShareWithin(truth, mean, std, 2),
            [.. insulators.Where(r => r.MetalProbability >= ConfidentMetal).Select(r => r.Compound.Formula)],
            withMetal.Length == 0 ? double.NaN : SurrogateMetrics.Accuracy(labels, scores),
            withMetal.Length == 0 ? double.NaN : SurrogateMetrics.RocAuc(labels, scores),
            [.. rows.Where(r => r.Compound.IsMetal && r.PredictedGap > MetalGapMiss).Select(r => r.Compound.Formula)]);
    }

    /// <summary>The report as markdown: a summary table (all / out of sample / in sample) and one line per compound.</summary>
    public static string Markdown(TextbookReport report, bool perCompound = true)
    {
        ArgumentNullException.ThrowIfNull(report);
        var s = new StringBuilder();
        s.AppendLine("| rows | compounds | non-metals | gap MAE (eV) | within 1σ | within 2σ | insulators with p_metal ≥ 0.9 | metal accuracy | metal ROC-AUC | metals with gap > 0.5 eV |");
        s.AppendLine("|---|---:|---:|---:|---:|---:|---|---:|---:|---|");
        var splits = new List<(string, TextbookFigures)> { ("all", report.All), ("out of sample", report.OutOfSample), ("in sample", report.InSample) };
        if (report.MeasuredValue is { Compounds: > 0 } measured && report.Predicted is { } predicted)
        {
            splits.Add(("measured value", measured));
            splits.Add(("predicted (no measured value)", predicted));
        }

        foreach (var (name, f) in splits)
        {
            s.AppendLine(CultureInfo.InvariantCulture,
                $"| {name} | {f.Compounds} | {f.NonMetals} | {F(f.GapMae)} | {P(f.Within1Sigma)} | {P(f.Within2Sigma)} | {List(f.ConfidentMisses)} | {P(f.MetalAccuracy)} | {F(f.MetalRocAuc)} | {List(f.MetalsWithGap)} |");
        }

        if (perCompound)
        {
            s.AppendLine();
            s.AppendLine("| formula | literature gap (eV) | metal | predicted gap (eV) | p_metal | in distribution | in sample | gap from | source |");
            s.AppendLine("|---|---:|---|---:|---:|---|---|---|---|");
            foreach (var r in report.Rows)
            {
                s.AppendLine(CultureInfo.InvariantCulture,
                    $"| {r.Compound.Formula} | {r.Compound.Gap:0.00} | {(r.Compound.IsMetal ? "yes" : "no")} | {r.PredictedGap:0.00} ± {r.GapStd:0.00} | {F(r.MetalProbability)} | {(r.GapInDistribution ? "yes" : "no")} | {(r.InSample ? "yes" : "no")} | {r.GapSource} | {r.Compound.Source} |");
            }
        }

        return s.ToString();
    }

    private static string List(IReadOnlyList<string> items) => items.Count == 0 ? "0" : $"{items.Count}: {string.Join(", ", items)}";

    private static string F(double value) => double.IsNaN(value) ? "–" : value.ToString("0.000", CultureInfo.InvariantCulture);

    private static string P(double value) => double.IsNaN(value) ? "–" : (value * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %";

    /// <summary>Splits one CSV line, honouring double quotes (notes contain commas).</summary>
    internal static string[] SplitCsv(string line)
    {
        var fields = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        fields.Add(current.ToString());
        return [.. fields];
    }
}
