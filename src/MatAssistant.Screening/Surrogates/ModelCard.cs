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
    public static string Write(
        SurrogateSpec spec, SurrogateModel model, IReadOnlyList<SurrogateEvaluationReport> evaluations, string reproduce,
        LabelCleaningReport? labels = null, SigmaCalibrationResult? calibration = null, IReadOnlyList<FamilyReliability>? families = null)
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
        s.AppendLine(CultureInfo.InvariantCulture, $"- Ensemble of {h.Members} MLPs (hidden {string.Join("-", h.Hidden)}, SiLU), TorchSharp, {(spec.ZeroInflated ? "hurdle members (binary cross-entropy on \"value > 0\" plus L1 on the positive rows)" : spec.Kind == SurrogateKind.Regression ? "L1 loss on the standardised target" : "binary cross-entropy")}, Adam with cosine decay, {t.GetValueOrDefault("epochs")} epochs; bootstrap resampling per member: {(t.GetValueOrDefault("bootstrap") == "true" ? "yes" : "no (members differ by seed and data order)")}.");
        s.AppendLine(CultureInfo.InvariantCulture, $"- Training rows: {t.GetValueOrDefault("training_rows")} (grouped by reduced composition: {t.GetValueOrDefault("grouped_by_composition")}; polymorphs: {PolymorphText(t.GetValueOrDefault("polymorphs"))}); validation rows: {t.GetValueOrDefault("validation_rows")}; seed {t.GetValueOrDefault("seed")}.");
        if (h.ZeroForElements)
        {
            s.AppendLine("- A pure element returns 0 ± 0, in distribution, with the note \"0 by definition\": it is its own reference state, so the network is not asked.");
        }

        if (spec.ZeroInflated)
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"- One gap consistent with the metal probability: mean = q·g, where g is the members' mean gap given a non-metal and q the probability of a non-metal{(spec.Name == SurrogateCatalog.BandGap.Name ? " — 1 − p_metal of the `is_metal` model when it is loaded (always in `screen`), else the members' own hurdle classifier" : " (the members' own hurdle classifier)")}; variance q·Var(g) + q(1 − q)g² (law of total variance){(spec.Name == SurrogateCatalog.BandGap.Name ? "; `screen` reports the median of the two parts instead of this mean (`PropertyPredictor.MixtureMedian`: 0 once p_metal ≥ 0.5, the non-metal gap less a few hundredths of σ for a confident non-metal)" : "")}.");
        }

        if (spec.Kind == SurrogateKind.Regression)
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"- Uncertainty: σ_val = ensemble spread × {t.GetValueOrDefault("uncertainty_scale")} (68.3 % of random-validation errors within 1σ), then σ = √(floor² + (scale · σ_val)²) with floor {h.SigmaFloor.ToString("G4", CultureInfo.InvariantCulture)} {spec.Unit} and scale {h.FamilyScale.ToString("G4", CultureInfo.InvariantCulture)}{(calibration is null ? " (no leave-family-out calibration in this run: the floor is the minimum, the scale 1)" : ", fitted on the leave-one-family-out residuals (below) so that 1σ and 2σ cover 68 % and 95 % of compounds from a family absent from training")}.");
        }
        else
        {
            s.AppendLine("- Uncertainty: σ is the spread of the members' probabilities, uncalibrated.");
        }
        s.AppendLine(CultureInfo.InvariantCulture, $"- Out of distribution when an element is absent from training ({h.TrainingElements.Count} elements seen), when the mean distance to the {h.DistanceNeighbours} nearest of {t.GetValueOrDefault("reference_points")} reference training compositions (standardised element-property statistics) exceeds {t.GetValueOrDefault("distance_threshold")} (95 % of validation compositions fall inside), or when the composition belongs to a family that leave-family-out validation found unreliable: {(h.UnreliableFamilies is { Count: > 0 } u ? string.Join(", ", u) : "none")}.");
        s.AppendLine(CultureInfo.InvariantCulture, $"- Validation: {string.Join(", ", t.Where(p => p.Key.StartsWith("validation_", StringComparison.Ordinal) && p.Key != "validation_rows").Select(p => $"{p.Key} = {p.Value}"))}.");
        s.AppendLine();
        if (labels is { Changes.Count: > 0 })
        {
            AppendLabels(s, labels);
        }

        if (families is { Count: > 0 })
        {
            s.AppendLine("## Leave-family-out reliability and σ calibration");
            s.AppendLine();
            s.AppendLine(CultureInfo.InvariantCulture, $"Skill = 1 − loss / loss of a constant (the mean of the other families), loss = MAE (regression) or Brier score (classifier), for the model trained without the family. A family with skill below {MinimumSkill.ToString(CultureInfo.InvariantCulture)} (less than that share better than a constant) is flagged out of distribution.");
            s.AppendLine();
            s.AppendLine("| family | rows | loss | constant | skill | flagged |");
            s.AppendLine("|---|---:|---:|---:|---:|---|");
            foreach (var f in families)
            {
                s.AppendLine(CultureInfo.InvariantCulture, $"| {f.Family} | {f.Rows} | {F(f.Loss)} | {F(f.ConstantLoss)} | {F(f.Skill)} | {(f.Unreliable ? "yes" : "no")} |");
            }

            if (calibration is not null)
            {
                s.AppendLine();
                s.AppendLine(CultureInfo.InvariantCulture, $"σ fitted on {calibration.Rows} held-out rows: floor {calibration.Floor.ToString("G4", CultureInfo.InvariantCulture)} {spec.Unit}, scale {calibration.Scale.ToString("G4", CultureInfo.InvariantCulture)}; there 1σ covers {P(calibration.Within1Sigma)} and 2σ {P(calibration.Within2Sigma)} (the evaluation tables below show the uncalibrated σ of the evaluation models). This is the coverage on the data the fit saw: an in-sample figure for new families, not a test.");
            }

            s.AppendLine();
        }

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

    private static void AppendLabels(StringBuilder s, LabelCleaningReport labels)
    {
        s.AppendLine("## Label cleaning");
        s.AppendLine();
        s.AppendLine(CultureInfo.InvariantCulture, $"Rule (`MetalLabels`): a row labelled metal becomes a non-metal when the median PBE gap of its Materials Project polymorphs (`mp_gap.csv`) is ≥ {MetalLabels.DftInsulatorGap.ToString(CultureInfo.InvariantCulture)} eV, or when it is a closed-shell ionic oxide/halide (a neutral assignment with s-block, d0, d10, p-block empty-shell or ns², and lanthanide/actinide cations and closed-shell anions); a band-gap row relabelled so is dropped, its gap being unknown. A row labelled non-metal becomes a metal when every polymorph has a PBE gap of 0, its reported gap is ≥ {MetalLabels.ArtefactGap.ToString(CultureInfo.InvariantCulture)} eV, it holds no d element of groups 4–11 and no f element with f electrons (possible Mott insulators, to which MP applies no U) and it has no closed-shell assignment and is no oxyanion salt. Closed-shell oxyanion salts (phosphates, silicates, sulfates, borates, carbonates, arsenates, germanates, selenates; O ≥ 3 per former; no V, Nb, Mo, W, Re, Ti, whose bronzes can be metallic) labelled metal also become non-metals.");
        s.AppendLine();
        var dropped = labels.Changes.Count(c => c.NewTarget is null);
        s.AppendLine(CultureInfo.InvariantCulture, $"Of {labels.Rows} rows: {labels.MetalToInsulator} metal → non-metal ({dropped} of them dropped), {labels.InsulatorToMetal} non-metal → metal; by reason: {string.Join("; ", labels.Changes.GroupBy(c => c.Reason.StartsWith("insulator: median PBE", StringComparison.Ordinal) ? "PBE gap" : c.Reason.StartsWith("insulator", StringComparison.Ordinal) ? "closed shell" : "zero PBE gap").Select(g => $"{g.Key} {g.Count()}"))}. Examples: {string.Join(", ", labels.Changes.Take(12).Select(c => c.Formula))}.");
        s.AppendLine();
    }

    /// <summary>The skill threshold below which a family is flagged (<see cref="SurrogatePipelineOptions.MinimumFamilySkill"/>'s default).</summary>
    internal const double MinimumSkill = 0.3;

    private static string PolymorphText(string? value) => value switch
    {
        "lowest" => "the lowest value, the ground state",
        "mean" => "averaged",
        _ => "–",
    };

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
