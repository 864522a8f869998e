using System.Globalization;
using System.Text;
using MatAssistant.Chemistry;
using MatAssistant.Torch;

namespace MatAssistant.Screening.Surrogates;

/// <summary>A measured band gap of one reduced composition, as the reference holds it.</summary>
/// <param name="Formula">The reduced composition (alphabetical, e.g. <c>Ca1O1</c>).</param>
/// <param name="Gap">The measured gap, eV (the mean where the compilation lists the composition more than once).</param>
/// <param name="Sigma">Its 1σ, eV (<see cref="MeasuredGapReference.SigmaOf"/>).</param>
public sealed record MeasuredGap(string Formula, double Gap, double Sigma);

/// <summary>
/// Measured band gaps of known compositions: the positive gaps of Matbench <c>expt_gap</c> (Zhuo, Mansouri Tehrani and
/// Brgoch 2018 compilation), after the project's label cleaning (<see cref="MetalLabels"/>) and a cross-check with the
/// Materials Project PBE gap. A scientist asking for the gap of a known compound wants the measurement, not a model's
/// guess; the prediction then carries the measured value, with the model's estimate in its note. Only an exact match of
/// the reduced composition counts (CaO is not TiO2's neighbour; Ca2O2 is CaO). Shipped as <c>models/expt_gaps.csv</c>
/// (a derived reference of about 4,000 rows, built by <c>bench dft-gaps</c>); without the file nothing changes.
/// </summary>
/// <remarks>
/// What is left out, and why:
/// <list type="bullet">
/// <item>Gaps of 0: in the compilation they mean "metal", the labels the cleaning found least reliable (La2CuO4, AlAs
/// are insulators); the metal classifier and the band-gap model answer for those.</item>
/// <item>Rows the cleaning relabels or drops (LaB6 "4.1 eV" becomes 0; Na2SO4 "0" is dropped).</item>
/// <item>A gap of at least <see cref="MetalLabels.ArtefactGap"/> where every MP polymorph has a PBE gap of exactly 0
/// and no 3d metal of groups 4–11 or f element with f electrons is present: PBE closes a gap only partly, except for
/// Mott insulators, which among oxides are 3d (and f) compounds; a 4d/5d compound with no PBE gap is a metal (ReO3
/// "2.3 eV", TaN "2.3 eV").</item>
/// <item>A gap more than <see cref="PbeExcess"/> below the median PBE gap of the polymorphs: PBE underestimates gaps,
/// so such a row is another phase, a doped sample or an impurity edge (B2O3 "4.89 eV" against PBE 8.35 eV).</item>
/// </list>
/// </remarks>
public sealed class MeasuredGapReference
{
    /// <summary>File name in <c>models/</c>.</summary>
    public const string FileName = "expt_gaps.csv";

    /// <summary>Where the values come from, as the prediction's note names it.</summary>
    public const string SourceName = "Zhuo et al. 2018 compilation, matbench_expt_gap";

    /// <summary>Floor of the measured value's σ, eV: Matbench kept only compositions whose reported gaps agree within 0.1 eV.</summary>
    public const double SigmaFloor = 0.1;

    /// <summary>
    /// Relative σ of a measured value: reported gaps of one compound differ by about 10 % (optical against fundamental,
    /// direct against indirect, polymorph, temperature; TiO2 3.0–3.3 eV, ZrO2 5.0–5.8 eV).
    /// </summary>
    public const double RelativeSigma = 0.10;

    /// <summary>How far (eV) a measured gap may lie below the median PBE gap before it is distrusted.</summary>
    public const double PbeExcess = 1.0;

    private readonly Dictionary<string, double> _gaps;

    public MeasuredGapReference(IReadOnlyDictionary<string, double> gaps)
    {
        ArgumentNullException.ThrowIfNull(gaps);
        _gaps = new Dictionary<string, double>(gaps, StringComparer.Ordinal);
    }

    /// <summary>Number of compositions.</summary>
    public int Count => _gaps.Count;

    /// <summary>σ of a measured gap <paramref name="gap"/>: √(0.1² + (0.1·gap)²) eV.</summary>
    public static double SigmaOf(double gap) => Math.Sqrt((SigmaFloor * SigmaFloor) + (RelativeSigma * gap * RelativeSigma * gap));

    /// <summary>The measured gap of exactly this reduced composition, or null.</summary>
    public MeasuredGap? Find(Composition composition)
    {
        ArgumentNullException.ThrowIfNull(composition);
        var key = SurrogateDataset.Key(composition);
        return _gaps.TryGetValue(key, out var gap) ? new MeasuredGap(key, gap, SigmaOf(gap)) : null;
    }

    /// <summary>Why a measured row is not used (null: it is used), given the PBE gaps of its MP polymorphs (if any).</summary>
    public static string? Distrust(Composition composition, double gap, DftGapRange? pbe)
    {
        ArgumentNullException.ThrowIfNull(composition);
        if (gap <= 0)
        {
            return "gap 0 (a metal label)";
        }

        if (pbe is { } p && p.Max <= 0 && gap >= MetalLabels.ArtefactGap && !HasMottCandidate(composition))
        {
            return string.Create(CultureInfo.InvariantCulture, $"reported {gap:0.00} eV, PBE gap 0 in every MP polymorph, no 3d or f Mott candidate");
        }

        if (pbe is { } q && q.Median > gap + PbeExcess)
        {
            return string.Create(CultureInfo.InvariantCulture, $"reported {gap:0.00} eV, more than {PbeExcess:0.0} eV below the median PBE gap {q.Median:0.00} eV");
        }

        return null;
    }

    private static bool HasMottCandidate(Composition composition) =>
        composition.Elements.Any(e => (e.Block == "d" && e.Row == 4 && e.Group is >= 4 and <= 11) || (e.Block == "f" && e.Symbol is not ("La" or "Ac")));

    /// <summary>
    /// Builds the reference from the shared data: <c>expt_gap</c> cleaned as for training, averaged per reduced
    /// composition, cross-checked against <c>mp_gap</c> (<see cref="Distrust"/>). <paramref name="excluded"/> gets every
    /// composition left out with the reason.
    /// </summary>
    public static MeasuredGapReference Build(string dataDirectory, out IReadOnlyList<LabelChange> excluded)
    {
        var ranges = MetalLabels.LoadDftGaps(dataDirectory);
        var raw = SurrogateDataset.Load(SurrogateDataset.FoldsFile(dataDirectory, SurrogateCatalog.BandGap), out _);
        var (rows, _) = MetalLabels.Clean(SurrogateCatalog.BandGap, raw, ranges);
        var gaps = new Dictionary<string, double>(StringComparer.Ordinal);
        var left = new List<LabelChange>();
        foreach (var group in rows.GroupBy(r => SurrogateDataset.Key(r.Composition), StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var gap = group.Average(r => r.Target);
            var composition = Composition.Parse(group.Key);
            var reason = Distrust(composition, gap, ranges.TryGetValue(group.Key, out var range) ? range : null);
            if (reason is null)
            {
                gaps[group.Key] = gap;
            }
            else if (gap > 0)
            {
                left.Add(new LabelChange(group.Key, gap, null, reason));
            }
        }

        excluded = left;
        return new MeasuredGapReference(gaps);
    }

    /// <summary>Writes <c>formula,gap_ev</c> rows (sorted by formula) atomically.</summary>
    public void Save(string path) => AtomicFile.Write(path, stream =>
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" };
        writer.WriteLine("formula,gap_ev");
        foreach (var (formula, gap) in _gaps.OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{formula},{gap:0.####}"));
        }
    });

    /// <summary>Reads a file written by <see cref="Save"/>; <see cref="InvalidDataException"/> on a bad header or row.</summary>
    public static MeasuredGapReference Load(string path)
    {
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || lines[0].Trim() != "formula,gap_ev")
        {
            throw new InvalidDataException($"{path} is not a measured-gap table (header 'formula,gap_ev' expected).");
        }

        var gaps = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0)
            {
                continue;
            }

            var fields = lines[i].Split(',');
            if (fields.Length != 2 || !Composition.TryParse(fields[0], out var composition, out _)
                || !double.TryParse(fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var gap) || gap <= 0)
            {
                throw new InvalidDataException($"{path}:{i + 1}: expected 'formula,gap_ev' with a positive gap, found '{lines[i]}'.");
            }

            gaps[SurrogateDataset.Key(composition!)] = gap;
        }

        return new MeasuredGapReference(gaps);
    }
}
