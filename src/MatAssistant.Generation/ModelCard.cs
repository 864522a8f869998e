using System.Globalization;
using System.Text;

namespace MatAssistant.Generation;

/// <summary>Writes the Markdown model card of a trained generator.</summary>
public static class ModelCard
{
    /// <summary>The facts that go into the card.</summary>
    public sealed record Facts(
        GeneratorManifest Manifest,
        TrainingOptions Options,
        TrainingSummary Summary,
        GenerationReport Report,
        IReadOnlyList<TokenizationFigures> Tokenization,
        string DataFile,
        int DataFormulas,
        string Filter,
        int FilteredFormulas,
        SplitOptions Split,
        DatasetSplit SplitSets,
        int KnownReferenceCount,
        string CommandLine);

    public static string Render(Facts f)
    {
        var s = new StringBuilder();
        var m = f.Manifest;
        var r = f.Report;
        Line(s, "# Model card: composition generator (`models/generator`)");
        Line(s);
        Line(s, "A small GPT-style decoder over element-and-count tokens (`<s> Sr 1 Ti 1 O 3 </s>`, elements in Pauling-electronegativity order) that proposes inorganic compositions. It is sampled with constraint masks (include/exclude elements, number of elements, atoms), so every sample is a well-formed formula meeting the request. Trained with TorchSharp on CPU.");
        Line(s);
        Line(s, "## Data");
        Line(s, $"- Source: `{f.DataFile}` (Materials Project formation energies, reduced formulas; read from the data path, not shipped). {f.DataFormulas} distinct reduced formulas.");
        Line(s, $"- Training filter: **{f.Filter}** → {f.FilteredFormulas} formulas ({Pct(f.FilteredFormulas / (double)f.DataFormulas)} of the data set).");
        Line(s, $"- Split (seeded hash, seed {f.Split.Seed}): chemical systems with ≥ 2 elements left out entirely with probability {f.Split.HeldOutSystemFraction} ({f.SplitSets.HeldOutSystems.Count} formulas in {f.SplitSets.HeldOutSystems.Select(h => h.ChemicalSystem).Distinct().Count()} systems); the rest by formula: train {f.SplitSets.Train.Count}, validation {f.SplitSets.Validation.Count} ({f.Split.ValidationFraction}), test {f.SplitSets.Test.Count} ({f.Split.TestFraction}).");
        Line(s, $"- Vocabulary: {m.Elements.Count} elements, counts 1–{m.MaxCount}, at most {m.MaxElements} elements per formula; training formulas outside it are skipped ({f.SplitSets.Train.Count - f.Summary.TrainSequences} of the training set).");
        Line(s, $"- Novelty reference shipped beside the weights: `known_formulas.bin`, XxHash64 of the canonical reduced formula (alphabetical, every count written) of all {f.KnownReferenceCount} distinct formulas of the data set (train, validation, test and left-out systems, before filtering). The figures below count novelty against the training set only, as the literature does.");
        Line(s);
        Line(s, "## Tokenization (measured on the data set)");
        Line(s, "| scheme | vocabulary | mean length | p99 | max | fits in 20 tokens |");
        Line(s, "| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var t in f.Tokenization)
        {
            Line(s, $"| {t.Scheme} | {t.VocabularySize} | {t.MeanLength.ToString("0.0", CultureInfo.InvariantCulture)} | {t.P99Length} | {t.MaxLength} | {Pct(t.CoverageAt20)} |");
        }

        Line(s);
        Line(s, "## Model and training");
        Line(s, $"- Decoder: {m.Size.Layers} layers, width {m.Size.Width}, {m.Size.Heads} heads, MLP 4×, learned positions, dropout {m.Size.Dropout}; {m.Parameters} parameters.");
        Line(s, $"- AdamW (β 0.9/0.98, weight decay {f.Options.WeightDecay}), peak learning rate {f.Options.LearningRate}, warm-up then cosine decay, batch {f.Options.BatchSize}, gradient clip 1.0, seed {f.Options.Seed}, {f.Options.Threads} threads.");
        Line(s, $"- Stopped after {f.Summary.Epochs} epochs ({f.Summary.StopReason}); best epoch {f.Summary.BestEpoch}, validation loss {f.Summary.BestValidationLoss.ToString("0.0000", CultureInfo.InvariantCulture)} nats/token, test loss {f.Summary.TestLoss.ToString("0.0000", CultureInfo.InvariantCulture)}.");
        Line(s, $"- Training time: {f.Summary.Elapsed.TotalMinutes.ToString("0.0", CultureInfo.InvariantCulture)} min on a shared 2-core machine (other jobs running).");
        Line(s, $"- Sampling defaults: temperature {m.Sampling.Temperature.ToString(CultureInfo.InvariantCulture)}, top-k {m.Sampling.TopK}, top-p {m.Sampling.TopP.ToString(CultureInfo.InvariantCulture)}.");
        Line(s, $"- Reproduce: `{f.CommandLine}`");
        Line(s);
        Line(s, $"## Metrics ({r.Model.Count} unconstrained samples, seed fixed)");
        Line(s, "| figure | model | pseudo-random baseline | target |");
        Line(s, "| --- | ---: | ---: | ---: |");
        if (r.ModelSmact14 is { } ms && r.BaselineSmact14 is { } bs)
        {
            Line(s, $"| charge-neutral, SMACT14 | {Pct(ms.ChargeNeutralFraction)} | {Pct(bs.ChargeNeutralFraction)} | ≥ 97.6 % |");
            Line(s, $"| electronegativity-balanced, SMACT14 | {Pct(ms.ElectronegativityBalancedFraction)} | {Pct(bs.ElectronegativityBalancedFraction)} | ≥ 91.4 % |");
            Line(s, $"| valid (smact_validity), SMACT14 | {Pct(ms.ValidFraction)} | {Pct(bs.ValidFraction)} | |");
        }

        Line(s, $"| charge-neutral, default (ICSD) | {Pct(r.Model.ChargeNeutralFraction)} | {Pct(r.Baseline.ChargeNeutralFraction)} | |");
        Line(s, $"| electronegativity-balanced, default (ICSD) | {Pct(r.Model.ElectronegativityBalancedFraction)} | {Pct(r.Baseline.ElectronegativityBalancedFraction)} | |");
        Line(s, $"| valid (smact_validity), default (ICSD) | {Pct(r.Model.ValidFraction)} | {Pct(r.Baseline.ValidFraction)} | |");
        Line(s, $"| unique | {Pct(r.Model.UniqueFraction)} | {Pct(r.Baseline.UniqueFraction)} | ≥ 95 % |");
        Line(s, $"| novel (not in the training set) | {Pct(r.Model.NovelFraction)} | {Pct(r.Baseline.NovelFraction)} | ≥ 80 % |");
        if (r.EnrichmentSmact14 is { } e14)
        {
            Line(s, $"| enrichment (EN-balanced, SMACT14) | {e14.ToString("0.0", CultureInfo.InvariantCulture)}× | 1× | ≥ 6× |");
        }

        Line(s, $"| enrichment (EN-balanced, default) | {r.Enrichment.ToString("0.0", CultureInfo.InvariantCulture)}× | 1× | |");
        foreach (var rec in r.Recovery)
        {
            Line(s, $"| recovery: {rec.Description} | {Pct(rec.Fraction)} ({rec.Recovered}/{rec.HeldOut}) | | |");
        }

        Line(s);
        Line(s, "The baseline draws the number of elements from the training set's distribution, the elements uniformly from the vocabulary and each count uniformly from 1 to the training set's 99th-percentile count. Enrichment is the model's electronegativity-balanced fraction over the baseline's.");
        Line(s);
        Line(s, "## Limits");
        Line(s, "- Compositions only: no structures, no stability. Charge balance and electronegativity balance are necessary, not sufficient, for a compound to exist.");
        Line(s, "- The model reproduces the chemistry of the Materials Project set it saw; it cannot propose elements outside its vocabulary, more than " + m.MaxElements + " elements, or counts above " + m.MaxCount + ".");
        return s.ToString();
    }

    private static string Pct(double fraction) =>
        double.IsNaN(fraction) ? "n/a" : (100 * fraction).ToString("0.0", CultureInfo.InvariantCulture) + " %";

    private static void Line(StringBuilder s, string text = "") => s.Append(text).Append('\n');
}
