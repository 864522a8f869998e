using System.Globalization;
using MatAssistant.Chemistry;

namespace MatAssistant.Screening.Surrogates;

/// <summary>One training label the cleaning rule changed (or dropped, when <see cref="NewTarget"/> is null).</summary>
public sealed record LabelChange(string Formula, double OldTarget, double? NewTarget, string Reason);

/// <summary>What <see cref="MetalLabels.Clean"/> did to a data set.</summary>
/// <param name="Rows">Rows read.</param>
/// <param name="Changes">Every changed or dropped label, with the reason.</param>
public sealed record LabelCleaningReport(int Rows, IReadOnlyList<LabelChange> Changes)
{
    /// <summary>Labels turned from metal to non-metal (for <c>expt_gap</c>: rows with gap 0 dropped, their gap being unknown).</summary>
    public int MetalToInsulator => Changes.Count(c => c.Reason.StartsWith("insulator", StringComparison.Ordinal));

    /// <summary>Labels turned from non-metal to metal.</summary>
    public int InsulatorToMetal => Changes.Count(c => c.Reason.StartsWith("metal", StringComparison.Ordinal));

    /// <summary>An empty report (no cleaning).</summary>
    public static LabelCleaningReport None { get; } = new(0, []);
}

/// <summary>Minimum, median and maximum PBE gap over a composition's Materials Project polymorphs.</summary>
public readonly record struct DftGapRange(double Min, double Max, double Median)
{
    /// <summary>One polymorph (or equal gaps).</summary>
    public DftGapRange(double gap)
        : this(gap, gap, gap)
    {
    }
}

/// <summary>
/// Cleans the experimental metal / non-metal labels (Zhuo et al. 2018, Matbench <c>expt_is_metal</c> and <c>expt_gap</c>),
/// which mark hundreds of closed-shell salts (Na2SO4, YbPO4, EuF3, …) as metals and some metals (LaB6) as insulators.
/// </summary>
/// <remarks>
/// The rule, applied per reduced composition:
/// <list type="number">
/// <item>A row labelled metal (gap 0, or <c>is_metal</c> 1) becomes a non-metal when the median PBE gap of its Materials
/// Project polymorphs is ≥ <see cref="DftInsulatorGap"/> (PBE underestimates gaps, so a gap that survives it is real; the
/// median, because a rare metastable polymorph — a superlattice of AlAs at 0.34 eV — should not veto it), or when the
/// compound is a closed-shell ionic oxide or halide (<see cref="IsClosedShellIonic"/>): such a compound has no partly
/// filled band to conduct in. A band-gap row relabelled this way is dropped, since its gap is unknown.</item>
/// <item>A row labelled non-metal becomes a metal when every polymorph has a PBE gap of exactly 0, its reported gap is at
/// least <see cref="ArtefactGap"/> (too wide for PBE to close entirely), it holds no d element of groups 4–11 and no f
/// element with f electrons (whose zero PBE gap may be a Mott insulator's artefact, e.g. CuO, Eu2O3, UO2), and it has no
/// closed-shell assignment (ScN) and is no oxyanion salt.</item>
/// </list>
/// Compositions absent from Materials Project keep their label unless the closed-shell test applies.
/// </remarks>
public static class MetalLabels
{
    /// <summary>Smallest median PBE gap (eV) over the polymorphs that overrides a "metal" label.</summary>
    public const double DftInsulatorGap = 0.5;

    /// <summary>Smallest reported gap (eV) that a zero PBE gap in every polymorph overrides.</summary>
    public const double ArtefactGap = 2.0;

    private static readonly HashSet<string> IonicAnions = new(StringComparer.Ordinal) { "O", "F", "Cl", "Br", "I" };

    /// <summary>Reads <c>mp_gap.csv</c> (or its folds file) into min/max PBE gap per reduced composition.</summary>
    public static IReadOnlyDictionary<string, DftGapRange> LoadDftGaps(string dataDirectory)
    {
        var plain = Path.Combine(dataDirectory, "mp_gap.csv");
        var rows = SurrogateDataset.Load(File.Exists(plain) ? plain : SurrogateDataset.FoldsFile(dataDirectory, SurrogateCatalog.DftBandGap), out _);
        return rows.GroupBy(r => SurrogateDataset.Key(r.Composition), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new DftGapRange(g.Min(r => r.Target), g.Max(r => r.Target), SurrogateTrainer.Quantile([.. g.Select(r => r.Target)], 0.5)), StringComparer.Ordinal);
    }

    /// <summary>Reported experimental gaps by reduced composition (the first row where a composition repeats).</summary>
    public static IReadOnlyDictionary<string, double> ExperimentalGaps(IEnumerable<SurrogateRow> gapRows)
    {
        ArgumentNullException.ThrowIfNull(gapRows);
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var row in gapRows)
        {
            result.TryAdd(SurrogateDataset.Key(row.Composition), row.Target);
        }

        return result;
    }

    /// <summary>
    /// Applies the rule to the rows of <paramref name="spec"/> (<c>band_gap</c>: target = gap, 0 = metal; <c>is_metal</c>:
    /// target 1 = metal). <paramref name="experimentalGaps"/> supplies reported gaps for the classifier's rows.
    /// </summary>
    public static (IReadOnlyList<SurrogateRow> Rows, LabelCleaningReport Report) Clean(
        SurrogateSpec spec, IReadOnlyList<SurrogateRow> rows, IReadOnlyDictionary<string, DftGapRange> dftGaps,
        IReadOnlyDictionary<string, double>? experimentalGaps = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(dftGaps);
        var classifier = spec.Kind == SurrogateKind.Classification;
        var kept = new List<SurrogateRow>(rows.Count);
        var changes = new List<LabelChange>();
        foreach (var row in rows)
        {
            var key = SurrogateDataset.Key(row.Composition);
            var hasDft = dftGaps.TryGetValue(key, out var dft);
            var metal = classifier ? row.Target > 0.5 : row.Target <= 0;
            if (metal)
            {
                var reason = hasDft && dft.Median >= DftInsulatorGap
                    ? string.Create(CultureInfo.InvariantCulture, $"insulator: median PBE gap {dft.Median:0.00} eV over the MP polymorphs")
                    : IsClosedShellIonic(row.Composition) ? "insulator: closed-shell ionic oxide/halide"
                    : IsOxyanionSalt(row.Composition) ? "insulator: oxyanion salt (phosphate, silicate, sulfate, borate, …)" : null;
                if (reason is null)
                {
                    kept.Add(row);
                }
                else if (classifier)
                {
                    changes.Add(new LabelChange(row.Formula, row.Target, 0, reason));
                    kept.Add(row with { Target = 0 });
                }
                else
                {
                    changes.Add(new LabelChange(row.Formula, row.Target, null, reason));
                }

                continue;
            }

            double? reported = classifier ? experimentalGaps?.GetValueOrDefault(key, double.NaN) : row.Target;
            if (hasDft && dft.Max <= 0 && reported is { } gap && gap >= ArtefactGap && !HasOpenShellCandidate(row.Composition)
                && !HasClosedShellAssignment(row.Composition) && !IsOxyanionSalt(row.Composition))
            {
                var reason = string.Create(CultureInfo.InvariantCulture, $"metal: PBE gap 0 in every MP polymorph, reported {gap:0.00} eV, no Mott candidate");
                var target = classifier ? 1.0 : 0.0;
                changes.Add(new LabelChange(row.Formula, row.Target, target, reason));
                kept.Add(row with { Target = target });
            }
            else
            {
                kept.Add(row);
            }
        }

        return (kept, new LabelCleaningReport(rows.Count, changes));
    }

    /// <summary>
    /// True when <paramref name="composition"/> holds O or a halogen and has a neutral assignment (one state per element)
    /// in which every cation has a closed shell — s-block in its group state, d0 (Ti4+, Nb5+, W6+, …), d10 (Cu+, Zn2+, …),
    /// p-block with an empty or ns² valence shell (Al3+, P5+, Sn2+, Bi3+, …), lanthanides and actinides with localised
    /// f electrons — and every anion is a closed-shell anion (O2−, F−, N3−, …).
    /// </summary>
    public static bool IsClosedShellIonic(Composition composition)
    {
        ArgumentNullException.ThrowIfNull(composition);
        return composition.Elements.Any(e => IonicAnions.Contains(e.Symbol)) && HasClosedShellAssignment(composition);
    }

    /// <summary>A neutral assignment with closed-shell cations and anions exists (any anion: ScN, GaAs, …).</summary>
    private static bool HasClosedShellAssignment(Composition composition)
    {
        if (composition.ElementCount < 2)
        {
            return false;
        }

        var reduced = composition.Reduce();
        if (!reduced.IsIntegral)
        {
            return false;
        }

        var elements = reduced.Composition.Elements;
        var counts = reduced.Composition.Amounts.Select(a => (int)a).ToArray();
        var states = elements.Select(ClosedShellStates).ToArray();
        return states.All(s => s.Length > 0) && Neutral(states, counts, 0, 0);
    }

    private static bool Neutral(int[][] states, int[] counts, int index, int charge)
    {
        if (index == states.Length)
        {
            return charge == 0;
        }

        foreach (var state in states[index])
        {
            if (Neutral(states, counts, index + 1, charge + (state * counts[index])))
            {
                return true;
            }
        }

        return false;
    }

    private static int[] ClosedShellStates(Element e)
    {
        if (e.Symbol == "O")
        {
            return [-2];
        }

        if (e.Symbol == "F")
        {
            return [-1];
        }

        if (e.Symbol == "H")
        {
            return [1, -1];
        }

        if (e.IsNobleGas)
        {
            return [];
        }

        var states = new List<int>();
        switch (e.Block)
        {
            case "s":
                states.Add(e.Group);
                break;
            case "d" when e.Group is >= 3 and <= 7:
                states.Add(e.Group);
                break;
            case "d" when e.Group is 11 or 12:
                states.Add(e.Group - 10);
                break;
            case "f":
                // La/Ac are listed as f, Lu/Lr as d (group 3, handled above); localised 4f/5f shells do not conduct.
                states.AddRange(e.IcsdOxidationStates.Count > 0 ? e.IcsdOxidationStates.Where(s => s > 0) : [3]);
                break;
            case "p":
                if (e.Group - 10 > 0)
                {
                    states.Add(e.Group - 10);
                }

                if (e.Group - 12 > 0)
                {
                    states.Add(e.Group - 12);
                }

                if (!e.IsMetal && e.Group >= 14)
                {
                    states.Add(e.Group - 18);
                }

                break;
            default:
                break;
        }

        return [.. states];
    }

    /// <summary>
    /// True for a salt of a tetrahedral or trigonal oxyanion — phosphate, silicate, sulfate, borate, carbonate, arsenate,
    /// germanate, selenate — with no other anion than O and halogens and at least three O per former atom. Whatever the
    /// cations' d shells, the oxyanions isolate them and such salts are insulators; the bronze formers (V, Nb, Mo, W, Re,
    /// Ti), whose phosphate bronzes can be metallic, are left alone.
    /// </summary>
    public static bool IsOxyanionSalt(Composition composition)
    {
        ArgumentNullException.ThrowIfNull(composition);
        var oxygen = composition.GetAmount("O");
        if (oxygen <= 0)
        {
            return false;
        }

        double formers = 0;
        foreach (var e in composition.Elements)
        {
            if (OxyanionFormers.Contains(e.Symbol))
            {
                formers += composition.GetAmount(e);
            }
            else if (e.Symbol is "O" or "F" or "Cl" or "Br" or "I" or "H")
            {
                continue;
            }
            else if (!e.IsMetal || BronzeFormers.Contains(e.Symbol))
            {
                return false;
            }
        }

        return formers > 0 && oxygen >= 3 * formers;
    }

    private static readonly HashSet<string> OxyanionFormers = new(StringComparer.Ordinal) { "P", "Si", "S", "B", "C", "As", "Ge", "Se" };

    private static readonly HashSet<string> BronzeFormers = new(StringComparer.Ordinal) { "Ti", "V", "Nb", "Mo", "W", "Re" };

    /// <summary>
    /// A d element of groups 4–11 or an f element with f electrons (not La, Ac): Materials Project applies no U to f
    /// shells and not to every d metal, so a zero PBE gap of such a compound may be a Mott insulator's (CuO, Eu2O3, UO2).
    /// </summary>
    private static bool HasOpenShellCandidate(Composition composition) =>
        composition.Elements.Any(e => (e.Block == "d" && e.Group is >= 4 and <= 11) || (e.Block == "f" && e.Symbol is not ("La" or "Ac")));
}
