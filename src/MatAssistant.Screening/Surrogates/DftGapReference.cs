using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MatAssistant.Chemistry;
using MatAssistant.Torch;

namespace MatAssistant.Screening.Surrogates;

/// <summary>
/// How a Materials Project PBE gap x maps to an experimental gap: m(x) = c0 + c1·x + c2·x², with σ(x) the RMS residual of
/// the training rows in x's bin. Fitted on <c>expt_gap</c> rows with a positive gap whose composition MP gives a positive gap.
/// </summary>
/// <param name="C0">Intercept, eV.</param>
/// <param name="C1">Slope.</param>
/// <param name="C2">Curvature, 1/eV (wide-gap ionic solids lie above a line: PBE underestimates them most).</param>
/// <param name="BinEdges">Lower edges of the σ bins over the PBE gap, increasing, first 0.</param>
/// <param name="BinSigma">RMS residual of the fit in each bin, eV.</param>
/// <param name="Rows">Training rows the fit used.</param>
public sealed record DftGapMap(double C0, double C1, double C2, IReadOnlyList<double> BinEdges, IReadOnlyList<double> BinSigma, int Rows)
{
    /// <summary>Bins of the σ fit: the residual grows with the gap, and the few wide-gap rows get their own.</summary>
    public static IReadOnlyList<double> DefaultBinEdges { get; } = [0, 1, 2, 3, 5];

    /// <summary>The experimental gap the fit expects for PBE gap <paramref name="pbe"/> (not below 0).</summary>
    public double Map(double pbe) => Math.Max(0, C0 + (C1 * pbe) + (C2 * pbe * pbe));

    /// <summary>σ of <see cref="Map"/> at <paramref name="pbe"/>.</summary>
    public double Sigma(double pbe)
    {
        var bin = 0;
        while (bin + 1 < BinEdges.Count && pbe >= BinEdges[bin + 1])
        {
            bin++;
        }

        return BinSigma[bin];
    }

    /// <summary>Least-squares fit of (PBE gap, experimental gap) pairs; needs at least 3 pairs in every bin.</summary>
    public static DftGapMap Fit(IReadOnlyList<(double Pbe, double Experimental)> pairs, IReadOnlyList<double>? binEdges = null)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var edges = binEdges ?? DefaultBinEdges;
        if (pairs.Count < 3)
        {
            throw new ArgumentException($"At least 3 pairs are needed, got {pairs.Count}.", nameof(pairs));
        }

        // Normal equations of the quadratic, solved by Cramer's rule (3×3).
        var s = new double[5];
        var t = new double[3];
        foreach (var (x, y) in pairs)
        {
            var p = 1.0;
            for (var k = 0; k < 5; k++)
            {
                s[k] += p;
                if (k < 3)
                {
                    t[k] += p * y;
                }

                p *= x;
            }
        }

        double[,] a = { { s[0], s[1], s[2] }, { s[1], s[2], s[3] }, { s[2], s[3], s[4] } };
        var det = Det(a);
        if (Math.Abs(det) < 1e-12)
        {
            throw new ArgumentException("The PBE gaps do not determine a quadratic (too few distinct values).", nameof(pairs));
        }

        var c = new double[3];
        for (var j = 0; j < 3; j++)
        {
            var m = (double[,])a.Clone();
            for (var i = 0; i < 3; i++)
            {
                m[i, j] = t[i];
            }

            c[j] = Det(m) / det;
        }

        var provisional = new DftGapMap(c[0], c[1], c[2], edges, new double[edges.Count], pairs.Count);
        var sigma = new double[edges.Count];
        for (var b = 0; b < edges.Count; b++)
        {
            var lo = edges[b];
            var hi = b + 1 < edges.Count ? edges[b + 1] : double.PositiveInfinity;
            var residuals = pairs.Where(p => p.Pbe >= lo && p.Pbe < hi).Select(p => p.Experimental - provisional.Map(p.Pbe)).ToArray();
            if (residuals.Length < 3)
            {
                throw new ArgumentException($"The PBE-gap bin [{lo}, {hi}) has {residuals.Length} pairs; at least 3 are needed.", nameof(pairs));
            }

            sigma[b] = Math.Sqrt(residuals.Average(r => r * r));
        }

        return provisional with { BinSigma = sigma };
    }

    private static double Det(double[,] m) =>
        (m[0, 0] * ((m[1, 1] * m[2, 2]) - (m[1, 2] * m[2, 1])))
        - (m[0, 1] * ((m[1, 0] * m[2, 2]) - (m[1, 2] * m[2, 0])))
        + (m[0, 2] * ((m[1, 0] * m[2, 1]) - (m[1, 1] * m[2, 0])));
}

/// <summary>
/// The highest PBE band gap over each composition's Materials Project polymorphs (Matbench <c>mp_gap</c>), keyed by the
/// XxHash64 of the canonical reduced formula as <see cref="KnownFormulaSet"/> is, with the <see cref="DftGapMap"/> to the
/// experimental gap. It anchors the experimental band-gap model where a DFT calculation exists: the experimental set
/// (4,600 compositions) lacks most textbook binaries (CaO, MgO, ZnO, Al2O3 are not in it), which MP has computed.
/// The highest gap, because metastable polymorphs (and defective supercells) have smaller gaps than the ground state.
/// Shipped as <c>models/dft_gaps.bin</c> (about 1 MB); a derived reference, not the data set.
/// </summary>
public sealed class DftGapReference
{
    /// <summary>File name in <c>models/</c>.</summary>
    public const string FileName = "dft_gaps.bin";

    /// <summary>Smallest PBE gap (eV) taken as evidence of a non-metal (as the label rule, <see cref="MetalLabels.DftInsulatorGap"/>).</summary>
    public const double InsulatorGap = MetalLabels.DftInsulatorGap;

    private static readonly byte[] Magic = "MATDFTG1"u8.ToArray();
    private readonly ulong[] _hashes;
    private readonly float[] _gaps;

    public DftGapReference(IReadOnlyDictionary<ulong, float> gaps, DftGapMap map, IReadOnlyDictionary<string, string> provenance)
    {
        ArgumentNullException.ThrowIfNull(gaps);
        _hashes = [.. gaps.Keys.Order()];
        _gaps = [.. _hashes.Select(h => gaps[h])];
        Map = map ?? throw new ArgumentNullException(nameof(map));
        Provenance = provenance ?? throw new ArgumentNullException(nameof(provenance));
    }

    /// <summary>The PBE → experimental map.</summary>
    public DftGapMap Map { get; }

    /// <summary>Where the table and the fit came from (for the model card).</summary>
    public IReadOnlyDictionary<string, string> Provenance { get; }

    /// <summary>Number of compositions.</summary>
    public int Count => _hashes.Length;

    /// <summary>The highest PBE gap of <paramref name="composition"/>'s MP polymorphs, or null when MP has none.</summary>
    public double? Gap(Composition composition)
    {
        var i = Array.BinarySearch(_hashes, KnownFormulaSet.Hash(composition));
        return i >= 0 ? _gaps[i] : null;
    }

    /// <summary>
    /// Builds the table from the shared data: the highest PBE gap per composition of <c>mp_gap</c>, and the map fitted on
    /// the <c>expt_gap</c> rows with a positive gap (labels as reported: the cleaning drops relabelled rows from this set,
    /// it adds no positive gaps) whose composition has a positive PBE gap.
    /// </summary>
    public static DftGapReference Build(string dataDirectory)
    {
        var ranges = MetalLabels.LoadDftGaps(dataDirectory);
        var experimental = SurrogateDataset.Load(SurrogateDataset.FoldsFile(dataDirectory, SurrogateCatalog.BandGap), out _)
            .Where(r => r.Target > 0)
            .GroupBy(r => SurrogateDataset.Key(r.Composition), StringComparer.Ordinal)
            .Select(g => (Key: g.Key, Gap: g.Average(r => r.Target)))
            .ToArray();
        var pairs = experimental
            .Where(e => ranges.TryGetValue(e.Key, out var r) && r.Max > 0)
            .Select(e => (ranges[e.Key].Max, e.Gap))
            .ToArray();
        var map = DftGapMap.Fit(pairs);
        var gaps = new Dictionary<ulong, float>();
        foreach (var (key, range) in ranges)
        {
            gaps[KnownFormulaSet.Hash(Composition.Parse(key))] = (float)range.Max;
        }

        var provenance = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["source"] = "Materials Project PBE gaps via Matbench v0.1 mp_gap (Dunn et al. 2020; CC BY 4.0); highest gap per reduced composition",
            ["compositions"] = gaps.Count.ToString(CultureInfo.InvariantCulture),
            ["fit"] = $"expt_gap rows with gap > 0 whose composition has a PBE gap > 0: {pairs.Length} of {experimental.Length}",
            ["built"] = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
        return new DftGapReference(gaps, map, provenance);
    }

    /// <summary>Writes the table atomically: magic, JSON header (map, provenance), count, then (hash, gap) pairs by hash.</summary>
    public void Save(string path) => AtomicFile.Write(path, stream =>
    {
        var header = JsonSerializer.SerializeToUtf8Bytes(new Header(Map, Provenance));
        stream.Write(Magic);
        Span<byte> buffer = stackalloc byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(buffer, header.Length);
        stream.Write(buffer[..4]);
        stream.Write(header);
        BinaryPrimitives.WriteInt64LittleEndian(buffer, _hashes.Length);
        stream.Write(buffer);
        for (var i = 0; i < _hashes.Length; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(buffer, _hashes[i]);
            stream.Write(buffer);
            BinaryPrimitives.WriteSingleLittleEndian(buffer, _gaps[i]);
            stream.Write(buffer[..4]);
        }
    });

    /// <summary>Reads a table written by <see cref="Save"/>; <see cref="InvalidDataException"/> when it is not one or is truncated.</summary>
    public static DftGapReference Load(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 12 || !bytes.AsSpan(0, 8).SequenceEqual(Magic))
        {
            throw new InvalidDataException($"{path} is not a DFT gap table (bad header).");
        }

        var headerLength = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8));
        if (headerLength < 0 || 12 + headerLength + 8 > bytes.Length)
        {
            throw new InvalidDataException($"{path} is truncated (header).");
        }

        var header = JsonSerializer.Deserialize<Header>(bytes.AsSpan(12, headerLength))
            ?? throw new InvalidDataException($"{path} has an empty header.");
        var offset = 12 + headerLength;
        var count = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(offset));
        offset += 8;
        if (count < 0 || bytes.Length != offset + (count * 12))
        {
            throw new InvalidDataException($"{path} is truncated: the header says {count} compositions.");
        }

        var gaps = new Dictionary<ulong, float>((int)count);
        for (var i = 0; i < count; i++)
        {
            var at = offset + (i * 12);
            gaps[BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan((int)at))] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan((int)at + 8));
        }

        return new DftGapReference(gaps, header.Map, header.Provenance);
    }

    private sealed record Header(DftGapMap Map, IReadOnlyDictionary<string, string> Provenance);

    /// <summary>A line for the model card: the fit and its σ per bin.</summary>
    public string Describe()
    {
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"E_expt ≈ {Map.C0:0.000} + {Map.C1:0.000}·E_PBE + {Map.C2:0.0000}·E_PBE² ({Map.Rows} rows); σ by PBE gap: ");
        s.Append(string.Join(", ", Map.BinEdges.Select((e, i) => string.Create(CultureInfo.InvariantCulture,
            $"{(i + 1 < Map.BinEdges.Count ? $"{e:0}–{Map.BinEdges[i + 1]:0}" : $"≥ {e:0}")} eV: {Map.BinSigma[i]:0.00}"))));
        return s.ToString();
    }
}
