using System.Globalization;
using System.Text;

namespace MatAssistant.Screening.Surrogates;

/// <summary>Writes the markdown model card that ships beside each surrogate in <c>models/</c>.</summary>
public static class ModelCard
{
    private static readonly Dictionary<string, string> Sources = new(StringComparer.Ordinal)
    {
        ["mp_e_form"] = "Matbench v0.1 `matbench_mp_e_form` (Materials Project GGA/GGA+U, retrieved 2019; Dunn et al., npj Comput. Mater. 6, 138 (2020); Jain et al., APL Mater. 1, 011002 (2013)); CC BY 4.0. Formulas via CrabNet's copy.",
        ["expt_gap"] = "Matbench v0.1 `matbench_expt_gap` (Zhuo, Mansouri Tehrani, Brgoch, J. Phys. Chem. Lett. 9, 1668 (2018); Dunn et al. 2020).",
        ["mp_gap"] = "Matbench v0.1 `matbench_mp_gap` (Materials Project PBE gaps, retrieved 2019; Dunn et al. 2020; Jain et al. 2013); CC BY 4.0.",
        ["expt_is_metal"] = "Matbench v0.1 `matbench_expt_is_metal` (Zhuo et al. 2018; Dunn et al. 2020).",
    };

    /// <summary>The card of <paramref name="model"/>, with any evaluation reports measured in the same run.</summary>
    public static string Write(SurrogateSpec spec, SurrogateModel model, IReadOnlyList<SurrogateEvaluationReport> evaluations, string reproduce)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(evaluations);
        var h = model.Header;
        var t = h.Training;
        var s = new StringBuilder();
        s.AppendLine(CultureInfo.InvariantCulture, $"# Model card: `{spec.Name}`");
        s.AppendLine();
        s.AppendLine(CultureInfo.InvariantCulture, $"**Predicts:** {spec.Description} Unit: {spec.Unit}.");
        s.AppendLine();
        s.AppendLine(CultureInfo.InvariantCulture, $"**Data:** {Sources.GetValueOrDefault(spec.Dataset, spec.Dataset)} Read from the shared data directory (`{spec.Dataset}_matbench_folds.csv`), never shipped.");
        s.AppendLine();
        s.AppendLine("## Model");
        s.AppendLine();
        s.AppendLine(CultureInfo.InvariantCulture, $"- Input: {h.FeatureNames.Count} composition features (`CompositionFeaturizer`: fractional composition over Z = 1–103 and fraction-weighted mean, deviation, min, max, range of element properties from `corpus/elements.csv`). Composition only: no structure, polymorph or temperature.");
        s.AppendLine(CultureInfo.InvariantCulture, $"- Ensemble of {h.Members} MLPs (hidden {string.Join("-", h.Hidden)}, SiLU), TorchSharp, {(spec.ZeroInflated ? "hurdle members (binary cross-entropy on \"value > 0\" plus L1 on the positive rows; a member predicts 0 when its classifier says ≤ 0)" : spec.Kind == SurrogateKind.Regression ? "L1 loss on the standardised target" : "binary cross-entropy")}, Adam with cosine decay, {t.GetValueOrDefault("epochs")} epochs; bootstrap resampling per member: {(t.GetValueOrDefault("bootstrap") == "true" ? "yes" : "no (members differ by seed and data order)")}.");
        s.AppendLine(CultureInfo.InvariantCulture, $"- Training rows: {t.GetValueOrDefault("training_rows")} (grouped by reduced composition, polymorph targets averaged: {t.GetValueOrDefault("grouped_by_composition")}); validation rows: {t.GetValueOrDefault("validation_rows")}; seed {t.GetValueOrDefault("seed")}.");
        s.AppendLine(CultureInfo.InvariantCulture, $"- Uncertainty: σ = ensemble spread × {t.GetValueOrDefault("uncertainty_scale")} (scale set so that 68.3 % of validation errors fall within 1σ){(spec.ZeroInflated ? "; the spread includes each hurdle member's own variance p(1 − p)v², so an unsure metal / non-metal call widens σ" : "")}{(spec.Kind == SurrogateKind.Classification ? "; for the classifier σ is the spread of the members' probabilities, uncalibrated" : "")}.");
        s.AppendLine(CultureInfo.InvariantCulture, $"- Out of distribution when an element is absent from training ({h.TrainingElements.Count} elements seen) or when the mean distance to the {h.DistanceNeighbours} nearest of {t.GetValueOrDefault("reference_points")} reference training compositions (standardised element-property statistics) exceeds {t.GetValueOrDefault("distance_threshold")} (95 % of validation compositions fall inside).");
        s.AppendLine(CultureInfo.InvariantCulture, $"- Validation: {string.Join(", ", t.Where(p => p.Key.StartsWith("validation_", StringComparison.Ordinal) && p.Key != "validation_rows").Select(p => $"{p.Key} = {p.Value}"))}.");
        s.AppendLine();
        foreach (var report in evaluations)
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"## Evaluation: {(report.Protocol == "matbench" ? "Matbench official 5-fold split" : "leave one chemical family out")}");
            s.AppendLine();
            var o = report.Options;
            s.AppendLine(CultureInfo.InvariantCulture, $"Inside the protocol: {o.Members} members, {o.Epochs} epochs{(o.MaxTrainingRows is { } max ? $", at most {max} training rows per split (random subsample)" : "")}.");
            s.AppendLine();
            AppendTable(s, spec, report.Splits.Append(report.Summary).ToArray());
            if (report.Reference is { Count: > 0 })
            {
                s.AppendLine();
                s.AppendLine("Same rows under the random Matbench folds (in-distribution reference):");
                s.AppendLine();
                AppendTable(s, spec, report.Reference);
            }

            s.AppendLine();
        }

        s.AppendLine("## Limits");
        s.AppendLine();
        s.AppendLine("- Composition only: polymorphs share one prediction; the Matbench MP splits are per structure, so a composition can sit in both train and test folds (leakage that flatters composition models).");
        s.AppendLine("- Trained on what was measured or computed; compositions far from the data (new chemistries, elements never seen) are flagged, not trusted.");
        s.AppendLine();
        s.AppendLine("## Reproduce");
        s.AppendLine();
        s.AppendLine(CultureInfo.InvariantCulture, $"    {reproduce}");
        return s.ToString();
    }

    private static void AppendTable(StringBuilder s, SurrogateSpec spec, IReadOnlyList<SplitFigures> rows)
    {
        if (spec.Kind == SurrogateKind.Regression)
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"| split | train | test | MAE ({spec.Unit}) | RMSE | within 1σ | within 2σ | in distribution | MAE in / out |");
            s.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var r in rows)
            {
                s.AppendLine(CultureInfo.InvariantCulture, $"| {r.Split} | {Rows(r.TrainRows)} | {r.TestRows} | {F(r.Mae)} | {F(r.Rmse)} | {P(r.Within1Sigma)} | {P(r.Within2Sigma)} | {P(r.InDistributionShare)} | {F(r.MaeInDistribution)} / {F(r.MaeOutOfDistribution)} |");
            }
        }
        else
        {
            s.AppendLine("| split | train | test | ROC-AUC (probabilities) | ROC-AUC of hard labels (Matbench's score) | accuracy | in distribution |");
            s.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
            foreach (var r in rows)
            {
                s.AppendLine(CultureInfo.InvariantCulture, $"| {r.Split} | {Rows(r.TrainRows)} | {r.TestRows} | {F(r.RocAuc)} | {F(r.BalancedAccuracy)} | {P(r.Accuracy)} | {P(r.InDistributionShare)} |");
            }
        }
    }

    private static string Rows(int count) => count > 0 ? count.ToString(CultureInfo.InvariantCulture) : "–";

    private static string F(double value) => double.IsNaN(value) ? "–" : value.ToString("0.000", CultureInfo.InvariantCulture);

    private static string P(double value) => double.IsNaN(value) ? "–" : (value * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %";
}
