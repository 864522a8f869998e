using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MatAssistant.Chemistry;
using MatAssistant.Torch;

namespace MatAssistant.Screening.Surrogates;

/// <summary>
/// How a Materials Project PBE gap x of a composition maps to an experimental gap: a linear model in x and three facts of
/// the composition that set how much PBE underestimates its gap, m = c·φ(x, composition) with
/// φ = (1, x, Δχ, Δχ·x, d10, d10·x, binary, binary·x, sp, sp·x): Δχ the Pauling electronegativity range (ionic solids are
/// the most underestimated: KCl 5.0 → 8.5 eV), d10 a filled semicore d shell (Cu, Ag, Zn, Cd, Hg, Ga, In: PBE puts the d
/// band too high, ZnO 0.96 → 3.37 eV), binary (two elements), sp (no d or f element: an s/p conduction band, CaO, Al2O3,
/// whose underestimate is larger than that of a d0 oxide's d band, ZrO2). σ(x) is the 68.3rd percentile of the absolute
/// 5-fold cross-validated residual of the training rows in x's bin, so that it covers 68 % of held-out rows there.
/// Fitted on <c>expt_gap</c> rows with a positive gap whose composition MP gives a positive gap. On top of the linear
/// model, <see cref="Neighbours"/> adds the residual of the nearest measured compositions (<see cref="GapNeighbours"/>),
/// and σ is that of the corrected map.
/// </summary>
/// <param name="Coefficients">c, one per feature of <see cref="Features"/>.</param>
/// <param name="BinEdges">Lower edges of the σ bins over the PBE gap, increasing, first 0.</param>
/// <param name="BinSigma">σ in each bin, eV.</param>
/// <param name="Rows">Training rows the fit used.</param>
/// <param name="CvMae">5-fold cross-validated MAE of the map on its training rows, eV.</param>
/// <param name="CvWithin1Sigma">Share of cross-validated residuals within 1σ.</param>
/// <param name="CvWithin2Sigma">Share within 2σ.</param>
/// <param name="Neighbours">The local residual correction; null: the linear map alone.</param>
/// <param name="CvMaeLinear">5-fold cross-validated MAE of the linear map alone, eV (what the correction gained).</param>
public sealed record DftGapMap(
    IReadOnlyList<double> Coefficients, IReadOnlyList<double> BinEdges, IReadOnlyList<double> BinSigma, int Rows,
    double CvMae = double.NaN, double CvWithin1Sigma = double.NaN, double CvWithin2Sigma = double.NaN,
    GapNeighbours? Neighbours = null, double CvMaeLinear = double.NaN)
{
    /// <summary>Bins of the σ fit: the residual grows with the gap, and the few wide-gap rows get their own.</summary>
    public static IReadOnlyList<double> DefaultBinEdges { get; } = [0, 1, 2, 3, 5];

    /// <summary>Names of the features, in the order of <see cref="Coefficients"/>.</summary>
    public static IReadOnlyList<string> FeatureNames { get; } = ["1", "x", "Δχ", "Δχ·x", "d10", "d10·x", "binary", "binary·x", "sp", "sp·x"];

    /// <summary>Elements with a filled semicore d shell below the valence band (d10 cations and Ga, In).</summary>
    public static IReadOnlySet<string> FilledDElements { get; } = new HashSet<string>(StringComparer.Ordinal) { "Cu", "Ag", "Zn", "Cd", "Hg", "Ga", "In" };

    /// <summary>Folds of the cross-validation that sets σ.</summary>
    public const int Folds = 5;

    /// <summary>The feature vector φ(x, composition).</summary>
    public static double[] Features(double pbe, Composition composition)
    {
        ArgumentNullException.ThrowIfNull(composition);
        var chi = composition.Elements.Select(e => e.PaulingElectronegativity).OfType<double>().ToArray();
        var dchi = chi.Length < 2 ? 0 : chi.Max() - chi.Min();
        var d10 = composition.Elements.Any(e => FilledDElements.Contains(e.Symbol)) ? 1.0 : 0.0;
        var binary = composition.ElementCount == 2 ? 1.0 : 0.0;
        var sp = composition.Elements.All(e => e.Block is "s" or "p") ? 1.0 : 0.0;
        return [1, pbe, dchi, dchi * pbe, d10, d10 * pbe, binary, binary * pbe, sp, sp * pbe];
    }

    /// <summary>The experimental gap the fit expects for PBE gap <paramref name="pbe"/> of <paramref name="composition"/> (not below 0).</summary>
    public double Map(double pbe, Composition composition) => Compute(pbe, composition).Gap;

    /// <summary><see cref="Map"/> with the phrase that says what the neighbour correction added (null without one).</summary>
    public (double Gap, string? Correction) Explain(double pbe, Composition composition)
    {
        var (gap, correction, nearest) = Compute(pbe, composition);
        return (gap, nearest is null ? null : GapNeighbours.Describe(correction, nearest));
    }

    private (double Gap, double Correction, IReadOnlyList<string>? Nearest) Compute(double pbe, Composition composition)
    {
        var phi = Features(pbe, composition);
        var linear = 0.0;
        for (var i = 0; i < phi.Length; i++)
        {
            linear += Coefficients[i] * phi[i];
        }

        if (Neighbours is null)
        {
            return (Math.Max(0, linear), 0, null);
        }

        var (correction, nearest) = Neighbours.Correct(pbe, composition);
        return (Math.Max(0, linear + correction), correction, nearest);
    }

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

    /// <summary>
    /// Least-squares fit of (PBE gap, composition, experimental gap) rows, then the <see cref="GapNeighbours"/> correction
    /// over its in-sample residuals (<paramref name="neighbours"/> of them; 0: none); σ per bin from 5-fold cross-validated
    /// residuals of the corrected map (row i in fold i mod 5, in the order given; each fold refits both parts); needs at
    /// least 3 rows in every bin. TorchSharp solves the normal equations.
    /// </summary>
    public static DftGapMap Fit(
        IReadOnlyList<(double Pbe, Composition Composition, double Experimental)> rows, IReadOnlyList<double>? binEdges = null,
        int neighbours = GapNeighbours.DefaultK)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var edges = binEdges ?? DefaultBinEdges;
        if (rows.Count < 2 * FeatureNames.Count)
        {
            throw new ArgumentException($"At least {2 * FeatureNames.Count} rows are needed, got {rows.Count}.", nameof(rows));
        }

        var phi = rows.Select(r => Features(r.Pbe, r.Composition)).ToArray();
        var y = rows.Select(r => r.Experimental).ToArray();
        var all = Enumerable.Range(0, rows.Count).ToArray();
        var coefficients = Solve(phi, y, all);
        var table = neighbours > 0 ? Neighbour(rows, phi, y, all, coefficients, neighbours) : null;
        var residuals = new double[rows.Count];
        var linearResiduals = new double[rows.Count];
        for (var fold = 0; fold < Folds; fold++)
        {
            var test = all.Where(i => i % Folds == fold).ToArray();
            int[] train = [.. all.Where(i => i % Folds != fold)];
            var c = Solve(phi, y, train);
            var foldTable = neighbours > 0 ? Neighbour(rows, phi, y, train, c, neighbours) : null;
            foreach (var i in test)
            {
                var linear = Dot(c, phi[i]);
                linearResiduals[i] = y[i] - Math.Max(0, linear);
                residuals[i] = y[i] - Math.Max(0, linear + (foldTable?.Correct(rows[i].Pbe, rows[i].Composition).Correction ?? 0));
            }
        }

        var sigma = new double[edges.Count];
        var sigmaOf = new double[rows.Count];
        for (var b = 0; b < edges.Count; b++)
        {
            var lo = edges[b];
            var hi = b + 1 < edges.Count ? edges[b + 1] : double.PositiveInfinity;
            var members = all.Where(i => rows[i].Pbe >= lo && rows[i].Pbe < hi).ToArray();
            if (members.Length < 3)
            {
                throw new ArgumentException($"The PBE-gap bin [{lo}, {hi}) has {members.Length} rows; at least 3 are needed.", nameof(rows));
            }

            // The 68.3rd percentile of |residual|: σ covers 68 % of held-out rows in the bin whatever the shape of the tails.
            sigma[b] = SurrogateTrainer.Quantile([.. members.Select(i => Math.Abs(residuals[i]))], 0.683);
            foreach (var i in members)
            {
                sigmaOf[i] = sigma[b];
            }
        }

        return new DftGapMap(coefficients, edges, sigma, rows.Count,
            residuals.Average(Math.Abs),
            all.Count(i => Math.Abs(residuals[i]) <= sigmaOf[i]) / (double)rows.Count,
            all.Count(i => Math.Abs(residuals[i]) <= 2 * sigmaOf[i]) / (double)rows.Count,
            table, linearResiduals.Average(Math.Abs));
    }

    // The neighbour table of the rows `subset` with their in-sample residuals under the linear map `c`.
    private static GapNeighbours Neighbour(
        IReadOnlyList<(double Pbe, Composition Composition, double Experimental)> rows, double[][] phi, double[] y, int[] subset, double[] c, int k) =>
        GapNeighbours.Build([.. subset.Select(i => (rows[i].Pbe, rows[i].Composition))], [.. subset.Select(i => y[i] - Dot(c, phi[i]))], k);

    private static double Dot(double[] c, double[] phi)
    {
        var sum = 0.0;
        for (var i = 0; i < phi.Length; i++)
        {
            sum += c[i] * phi[i];
        }

        return sum;
    }

    private static double[] Solve(double[][] phi, double[] y, int[] rows)
    {
        TorchRuntime.EnsureLoaded();
        var k = phi[0].Length;
        var flat = new double[rows.Length * k];
        for (var r = 0; r < rows.Length; r++)
        {
            Array.Copy(phi[rows[r]], 0, flat, r * k, k);
        }

        using var scope = TorchSharp.torch.NewDisposeScope();
        var a = TorchSharp.torch.tensor(flat, [rows.Length, k], TorchSharp.torch.float64);
        var b = TorchSharp.torch.tensor(rows.Select(r => y[r]).ToArray(), [rows.Length, 1], TorchSharp.torch.float64);
        var at = a.t();
        // A tiny ridge keeps the normal equations solvable when a feature is constant in a fold (no binary rows, say).
        var normal = at.matmul(a) + (TorchSharp.torch.eye(k, dtype: TorchSharp.torch.float64) * 1e-9);
        var solution = TorchSharp.torch.linalg.solve(normal, at.matmul(b));
        return solution.data<double>().ToArray();
    }
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

    // Version 3: the neighbour descriptor gained the GGA+U flag; a version-2 table's descriptors are one entry short.
    private static readonly byte[] Magic = "MATDFTG3"u8.ToArray();
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
        // Rows the PBE cross-check distrusts (B2O3 "4.89 eV" against a median PBE gap of 6.3 eV) are left out as in the
        // measured reference: a neighbour correction would carry their error over to every composition near them.
        var pairs = experimental
            .Where(e => ranges.TryGetValue(e.Key, out var r) && r.Max > 0)
            .OrderBy(e => e.Key, StringComparer.Ordinal)
            .Select(e => (Pbe: ranges[e.Key].Max, Composition: Composition.Parse(e.Key), e.Gap, Range: ranges[e.Key]))
            .Where(e => MeasuredGapReference.Distrust(e.Composition, e.Gap, e.Range) is null)
            .Select(e => (e.Pbe, e.Composition, e.Gap))
            .ToArray();
        var candidates = experimental.Count(e => ranges.TryGetValue(e.Key, out var r) && r.Max > 0);
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
            ["fit"] = $"expt_gap rows with gap > 0 whose composition has a PBE gap > 0: {pairs.Length} of {experimental.Length} ({candidates - pairs.Length} more left out by the PBE cross-check of the measured reference)",
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
            throw new InvalidDataException(bytes.Length >= 8 && bytes.AsSpan(0, 7).SequenceEqual(Magic.AsSpan(0, 7))
                ? $"{path} was written by another version of the DFT gap table ({Encoding.ASCII.GetString(bytes, 0, 8)}, expected {Encoding.ASCII.GetString(Magic)}); rebuild it with 'bench dft-gaps'."
                : $"{path} is not a DFT gap table (bad header).");
        }

        var headerLength = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8));
        if (headerLength < 0 || 12 + headerLength + 8 > bytes.Length)
        {
            throw new InvalidDataException($"{path} is truncated (header).");
        }

        var header = JsonSerializer.Deserialize<Header>(bytes.AsSpan(12, headerLength))
            ?? throw new InvalidDataException($"{path} has an empty header.");
        if (header.Map.Neighbours is { } n && (n.Mean.Count != GapNeighbours.DescriptorNames.Count || n.Descriptors.Any(d => d.Length != n.Mean.Count)))
        {
            throw new InvalidDataException($"{path}: the neighbour table has {n.Mean.Count} descriptor entries, this version uses {GapNeighbours.DescriptorNames.Count}; rebuild it with 'bench dft-gaps'.");
        }

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
        s.Append("E_expt ≈ ");
        s.Append(string.Join(" + ", Map.Coefficients.Select((c, i) => string.Create(CultureInfo.InvariantCulture, $"{c:0.000}·{DftGapMap.FeatureNames[i]}"))).Replace("·1 ", " ", StringComparison.Ordinal));
        if (Map.Neighbours is { } n)
        {
            s.Append(CultureInfo.InvariantCulture, $", plus the shrunk distance-weighted mean residual of the {n.K} nearest measured compositions ({string.Join(", ", GapNeighbours.DescriptorNames)}, standardised)");
        }

        s.Append(CultureInfo.InvariantCulture, $" (x = E_PBE; {Map.Rows} rows; 5-fold cross-validated MAE {Map.CvMae:0.000} eV{(Map.Neighbours is null ? "" : string.Create(CultureInfo.InvariantCulture, $", linear part alone {Map.CvMaeLinear:0.000} eV"))}, within 1σ {Map.CvWithin1Sigma:P1}, within 2σ {Map.CvWithin2Sigma:P1}); σ by PBE gap: ");
        s.Append(string.Join(", ", Map.BinEdges.Select((e, i) => string.Create(CultureInfo.InvariantCulture,
            $"{(i + 1 < Map.BinEdges.Count ? $"{e:0}–{Map.BinEdges[i + 1]:0}" : $"≥ {e:0}")} eV: {Map.BinSigma[i]:0.00}"))));
        return s.ToString();
    }
}
