using System.Globalization;
using MatAssistant.Chemistry;

namespace MatAssistant.Screening.Surrogates;

/// <summary>
/// The local correction of the linear PBE → experiment map (<see cref="DftGapMap"/>): the distance-weighted mean residual
/// of the <see cref="K"/> measured compositions nearest in <see cref="Descriptor"/> space, shrunk by K/(K + 1). How much
/// PBE underestimates a gap depends on chemistry that a few global features miss: the map left the alkali halides and
/// alkaline-earth oxides 1.5 eV low (NaCl 6.9 against 8.5 eV, although KCl, 8.5 eV at nearly the same PBE gap, is a
/// training row), and a correction learned from the measured neighbours carries that over. Hand-written because the
/// brute-force search over about a thousand rows of eleven numbers is a few lines and no k-NN package is in the stack;
/// measured on 1,032 <c>expt_gap</c> rows, 5-fold: MAE 0.50 → 0.43 eV (docs/surrogates.md).
/// </summary>
/// <param name="K">Neighbours averaged.</param>
/// <param name="Mean">Mean of each descriptor over the training rows (standardisation).</param>
/// <param name="Scale">Standard deviation of each descriptor (1 where constant).</param>
/// <param name="Formulas">Reduced formula of each training row, for the note that names the neighbours.</param>
/// <param name="Descriptors">Standardised descriptor of each training row.</param>
/// <param name="Residuals">Experimental gap minus the linear map, eV, per training row.</param>
public sealed record GapNeighbours(
    int K, IReadOnlyList<double> Mean, IReadOnlyList<double> Scale, IReadOnlyList<string> Formulas,
    IReadOnlyList<double[]> Descriptors, IReadOnlyList<double> Residuals)
{
    /// <summary>Neighbours by default: the best of 5, 10, 20 and 40 by cross-validated MAE on <c>expt_gap</c> (0.467, 0.463, 0.471, 0.483 eV).</summary>
    public const int DefaultK = 10;

    /// <summary>Names of the descriptor's entries, in order.</summary>
    public static IReadOnlyList<string> DescriptorNames { get; } =
        ["E_PBE", "min χ", "max χ", "mean χ", "mean period", "mean group", "binary", "s/p only", "d10", "open-shell d", "f", "GGA+U"];

    /// <summary>
    /// Elements whose oxides and fluorides Materials Project computes with GGA+U (Jain et al., Phys. Rev. B 84, 045115
    /// (2011); U on Co, Cr, Fe, Mn, Mo, Ni, V, W). Their "PBE" gap is a GGA+U gap, which U opens by an amount unrelated to
    /// the plain-GGA underestimate (NiO 2.3, MnO 1.9 against 3.8, 3.6 eV measured; VO2 0.9 against 0.6 eV).
    /// </summary>
    public static IReadOnlySet<string> HubbardUElements { get; } = new HashSet<string>(StringComparer.Ordinal) { "Co", "Cr", "Fe", "Mn", "Mo", "Ni", "V", "W" };

    /// <summary>Whether Materials Project computed <paramref name="composition"/> with GGA+U: an oxide or fluoride with a <see cref="HubbardUElements"/> element.</summary>
    public static bool IsHubbardU(Composition composition)
    {
        ArgumentNullException.ThrowIfNull(composition);
        return composition.Elements.Any(e => e.Symbol is "O" or "F") && composition.Elements.Any(e => HubbardUElements.Contains(e.Symbol));
    }

    /// <summary>
    /// What the correction compares: the PBE gap, the Pauling electronegativities (min, max, atom-weighted mean), the
    /// atom-weighted period and group, and the kinds of element (<see cref="DftGapMap.Features"/>'s binary, s/p-only and
    /// d10 flags, plus an open-shell d and an f element) and whether the PBE gap is a GGA+U gap (<see cref="IsHubbardU"/>:
    /// neighbours then come from compounds whose gap U opened alike; 5-fold MAE on <c>expt_gap</c> 0.430 → 0.427 eV).
    /// χ missing (noble gases) is left out of the χ entries.
    /// </summary>
    public static double[] Descriptor(double pbe, Composition composition)
    {
        ArgumentNullException.ThrowIfNull(composition);
        var elements = composition.Elements;
        var chi = elements.Select(e => e.PaulingElectronegativity).OfType<double>().ToArray();
        var weighted = elements.Where(e => e.PaulingElectronegativity is not null).ToArray();
        var chiWeight = weighted.Sum(composition.GetFraction);
        var meanChi = chiWeight > 0 ? weighted.Sum(e => composition.GetFraction(e) * e.PaulingElectronegativity!.Value) / chiWeight : 0;
        return
        [
            pbe,
            chi.Length > 0 ? chi.Min() : 0,
            chi.Length > 0 ? chi.Max() : 0,
            meanChi,
            elements.Sum(e => composition.GetFraction(e) * e.Row),
            elements.Sum(e => composition.GetFraction(e) * e.Group),
            composition.ElementCount == 2 ? 1 : 0,
            elements.All(e => e.Block is "s" or "p") ? 1 : 0,
            elements.Any(e => DftGapMap.FilledDElements.Contains(e.Symbol)) ? 1 : 0,
            elements.Any(e => e.Block == "d" && !DftGapMap.FilledDElements.Contains(e.Symbol)) ? 1 : 0,
            elements.Any(e => e.Block == "f") ? 1 : 0,
            IsHubbardU(composition) ? 1 : 0,
        ];
    }

    /// <summary>The table for rows (PBE gap, composition) with residuals <paramref name="residuals"/> of the linear map.</summary>
    public static GapNeighbours Build(IReadOnlyList<(double Pbe, Composition Composition)> rows, IReadOnlyList<double> residuals, int k = DefaultK)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(residuals);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (rows.Count != residuals.Count || rows.Count < k)
        {
            throw new ArgumentException($"Need at least {k} rows with one residual each; got {rows.Count} rows and {residuals.Count} residuals.", nameof(rows));
        }

        var raw = rows.Select(r => Descriptor(r.Pbe, r.Composition)).ToArray();
        var n = raw[0].Length;
        var mean = new double[n];
        var scale = new double[n];
        for (var j = 0; j < n; j++)
        {
            mean[j] = raw.Average(d => d[j]);
            var sd = Math.Sqrt(raw.Average(d => (d[j] - mean[j]) * (d[j] - mean[j])));
            scale[j] = sd > 1e-12 ? sd : 1;
        }

        var standard = raw.Select(d => d.Select((v, j) => (v - mean[j]) / scale[j]).ToArray()).ToArray();
        return new GapNeighbours(k, mean, scale, [.. rows.Select(r => r.Composition.ReducedFormula)], standard, [.. residuals]);
    }

    /// <summary>
    /// The correction (eV) to add to the linear map at (<paramref name="pbe"/>, <paramref name="composition"/>), and the
    /// nearest formulas, nearest first. The composition's own row is never its neighbour: where it was measured, that
    /// value is used directly (<see cref="MeasuredGapReference"/>), and the estimate beside it stays independent of it.
    /// </summary>
    public (double Correction, IReadOnlyList<string> Nearest) Correct(double pbe, Composition composition)
    {
        ArgumentNullException.ThrowIfNull(composition);
        var raw = Descriptor(pbe, composition);
        var query = raw.Select((v, j) => (v - Mean[j]) / Scale[j]).ToArray();
        var self = composition.ReducedFormula;
        var nearest = new List<(double Distance, int Row)>(K + 1);
        for (var i = 0; i < Descriptors.Count; i++)
        {
            if (string.Equals(Formulas[i], self, StringComparison.Ordinal))
            {
                continue;
            }

            var d = Distance(query, Descriptors[i]);
            if (nearest.Count < K || d < nearest[^1].Distance)
            {
                var at = nearest.FindIndex(p => p.Distance > d);
                nearest.Insert(at < 0 ? nearest.Count : at, (d, i));
                if (nearest.Count > K)
                {
                    nearest.RemoveAt(K);
                }
            }
        }

        // 1/(d + 0.001): an exact match dominates but never divides by zero; the shrinkage K/(K + 1) pulls a lone
        // neighbourhood's verdict a little towards the global map.
        var weights = nearest.Select(p => 1 / (p.Distance + 1e-3)).ToArray();
        var correction = nearest.Select((p, i) => weights[i] * Residuals[p.Row]).Sum() / weights.Sum() * K / (K + 1.0);
        return (correction, [.. nearest.Select(p => Formulas[p.Row])]);
    }

    private static double Distance(double[] a, double[] b)
    {
        var sum = 0.0;
        for (var j = 0; j < a.Length; j++)
        {
            var d = a[j] - b[j];
            sum += d * d;
        }

        return Math.Sqrt(sum);
    }

    /// <summary>A phrase for a note: the correction and the nearest measured compositions.</summary>
    public static string Describe(double correction, IReadOnlyList<string> nearest, int shown = 3) =>
        string.Create(CultureInfo.InvariantCulture, $"{correction:+0.00;−0.00} eV from the measured gaps of its nearest compositions ({string.Join(", ", nearest.Take(shown))}, …)");
}
