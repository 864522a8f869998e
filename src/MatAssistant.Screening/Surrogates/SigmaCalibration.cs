namespace MatAssistant.Screening.Surrogates;

/// <summary>A σ calibration fitted on held-out residuals: σ' = √(floor² + (scale·σ)²), and the coverage it reaches there.</summary>
/// <param name="Floor">Smallest σ', in the property's unit.</param>
/// <param name="Scale">Factor on the model's σ.</param>
/// <param name="Within1Sigma">Share of the held-out errors within 1σ' (target 68.3 %).</param>
/// <param name="Within2Sigma">Share within 2σ' (target 95.4 %).</param>
/// <param name="Rows">Held-out rows the fit used.</param>
public sealed record SigmaCalibrationResult(double Floor, double Scale, double Within1Sigma, double Within2Sigma, int Rows);

/// <summary>How reliable a model was on one chemical family held out of training.</summary>
/// <param name="Family">The family (<see cref="SurrogateEvaluation.FamilyOf"/>).</param>
/// <param name="Rows">Held-out rows.</param>
/// <param name="Loss">MAE (regression) or Brier score (classifier) of the model trained without the family.</param>
/// <param name="ConstantLoss">The same loss for a constant: the mean of the training rows (the other families).</param>
/// <param name="Skill">1 − Loss / ConstantLoss: 1 is perfect, 0 no better than the constant.</param>
/// <param name="Unreliable">Skill below the threshold: the family is flagged out of distribution.</param>
public sealed record FamilyReliability(string Family, int Rows, double Loss, double ConstantLoss, double Skill, bool Unreliable);

/// <summary>Fits σ on leave-one-family-out residuals and judges which families the model cannot be trusted on.</summary>
public static class SigmaCalibration
{
    private const double OneSigma = 0.6827;
    private const double TwoSigma = 0.9545;

    /// <summary>
    /// Chooses floor and scale so that 1σ' and 2σ' cover about 68.3 % and 95.4 % of <paramref name="errors"/>: a grid over
    /// both, minimising the summed squared coverage misses, near-ties (1e-4) going to the narrower intervals. A single
    /// scale cannot meet both targets when the tails are heavier than a normal law; the floor gives the second degree of
    /// freedom, and keeps a confident prediction from claiming σ ≈ 0.
    /// </summary>
    /// <param name="errors">Absolute held-out errors.</param>
    /// <param name="sigma">The model's σ for the same rows.</param>
    /// <param name="minimumFloor">The floor is never below this (e.g. 0.02 eV).</param>
    /// <param name="maxRows">Rows used, taken at a fixed stride when there are more (the fit is a grid search).</param>
    public static SigmaCalibrationResult Fit(IReadOnlyList<double> errors, IReadOnlyList<double> sigma, double minimumFloor, int maxRows = 6000)
    {
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(sigma);
        if (errors.Count == 0 || errors.Count != sigma.Count)
        {
            throw new ArgumentException("One σ per error, and at least one row, are needed.", nameof(sigma));
        }

        var stride = Math.Max(1, errors.Count / maxRows);
        var e = Enumerable.Range(0, errors.Count).Where(i => i % stride == 0).Select(i => errors[i]).ToArray();
        var s = Enumerable.Range(0, errors.Count).Where(i => i % stride == 0).Select(i => Math.Max(sigma[i], 0)).ToArray();
        var sortedErrors = e.Order().ToArray();
        var floors = Enumerable.Range(0, 40).Select(k => Math.Max(minimumFloor, SurrogateTrainer.Quantile(sortedErrors, k * 0.02))).Distinct().ToArray();
        var scales = Enumerable.Range(0, 70).Select(k => 0.25 * Math.Pow(1.08, k)).ToArray(); // 0.25 … ~50

        (double Floor, double Scale, double Miss, double Width, double In1, double In2) best = (minimumFloor, 1, double.MaxValue, double.MaxValue, 0, 0);
        var candidates = new List<(double Floor, double Scale, double Miss, double Width, double In1, double In2)>();
        foreach (var a in floors)
        {
            foreach (var b in scales)
            {
                int in1 = 0, in2 = 0;
                double width = 0;
                for (var i = 0; i < e.Length; i++)
                {
                    var t = Math.Sqrt((a * a) + (b * b * s[i] * s[i]));
                    width += t;
                    in1 += e[i] <= t ? 1 : 0;
                    in2 += e[i] <= 2 * t ? 1 : 0;
                }

                var c1 = in1 / (double)e.Length;
                var c2 = in2 / (double)e.Length;
                var miss = ((c1 - OneSigma) * (c1 - OneSigma)) + ((c2 - TwoSigma) * (c2 - TwoSigma));
                candidates.Add((a, b, miss, width / e.Length, c1, c2));
                if (miss < best.Miss)
                {
                    best = (a, b, miss, width / e.Length, c1, c2);
                }
            }
        }

        var chosen = candidates.Where(c => c.Miss <= best.Miss + 1e-4).OrderBy(c => c.Width).ThenBy(c => c.Floor).First();
        return new SigmaCalibrationResult(chosen.Floor, chosen.Scale, chosen.In1, chosen.In2, e.Length);
    }

    /// <summary>
    /// Reliability of each held-out family from leave-family-out predictions. A family is unreliable when the model trained
    /// without it is less than <paramref name="minimumSkill"/> better than a constant (by default 0.3: its loss above 70 % of the
    /// constant's): a new compound of that family is then a guess, whatever its distance to the training set.
    /// </summary>
    public static IReadOnlyList<FamilyReliability> Families(
        SurrogateSpec spec, IReadOnlyList<SurrogateRow> rows, SurrogateEvaluationReport familyReport,
        SurrogateEvaluation.RowPredictions predictions, double minimumSkill = ModelCard.MinimumSkill)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(familyReport);
        ArgumentNullException.ThrowIfNull(predictions);
        var family = rows.Select(r => SurrogateEvaluation.FamilyOf(r.Composition)).ToArray();
        var classifier = spec.Kind == SurrogateKind.Classification;
        double Loss(double truth, double predicted) => classifier ? (truth - predicted) * (truth - predicted) : Math.Abs(truth - predicted);
        var result = new List<FamilyReliability>();
        foreach (var split in familyReport.Splits)
        {
            var test = Enumerable.Range(0, rows.Count).Where(i => family[i] == split.Split).ToArray();
            var others = Enumerable.Range(0, rows.Count).Where(i => family[i] != split.Split).Select(i => rows[i].Target).ToArray();
            if (test.Length == 0 || others.Length == 0)
            {
                continue;
            }

            var constant = others.Average();
            var loss = test.Average(i => Loss(rows[i].Target, predictions.Mean[i]));
            var constantLoss = test.Average(i => Loss(rows[i].Target, constant));
            var skill = constantLoss > 0 ? 1 - (loss / constantLoss) : 1;
            result.Add(new FamilyReliability(split.Split, test.Length, loss, constantLoss, skill, skill < minimumSkill));
        }

        return result;
    }

    /// <summary>Absolute errors and σ of the rows that some held-out family covered.</summary>
    internal static (double[] Errors, double[] Sigma) HeldOut(IReadOnlyList<SurrogateRow> rows, SurrogateEvaluationReport familyReport, SurrogateEvaluation.RowPredictions predictions)
    {
        var held = familyReport.Splits.Select(s => s.Split).ToHashSet(StringComparer.Ordinal);
        var index = Enumerable.Range(0, rows.Count).Where(i => held.Contains(SurrogateEvaluation.FamilyOf(rows[i].Composition))).ToArray();
        return (index.Select(i => Math.Abs(rows[i].Target - predictions.Mean[i])).ToArray(), index.Select(i => predictions.Std[i]).ToArray());
    }

    /// <summary>Minimum σ floor per unit: a hundredth of an eV is below any gap measurement's spread.</summary>
    internal static double MinimumFloor(SurrogateSpec spec) => spec.Unit switch
    {
        "eV" => 0.02,
        "eV/atom" => 0.01,
        _ => 0,
    };
}
