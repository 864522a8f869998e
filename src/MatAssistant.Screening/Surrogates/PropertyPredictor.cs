using System.Globalization;
using MatAssistant.Chemistry;

namespace MatAssistant.Screening.Surrogates;

/// <summary>
/// The set of shipped surrogates, loaded from a <c>models/</c> directory. A missing model file is not an error: its name is
/// listed in <see cref="Missing"/> and its prediction is simply absent. Thread-safe.
/// </summary>
public sealed class PropertyPredictor : IDisposable
{
    private readonly SurrogateModel[] _models;

    public PropertyPredictor(IReadOnlyList<SurrogateModel> models, IReadOnlyList<string>? missing = null, DftGapReference? dftGaps = null, MeasuredGapReference? measuredGaps = null)
    {
        ArgumentNullException.ThrowIfNull(models);
        _models = [.. models];
        Missing = missing ?? [];
        DftGaps = dftGaps;
        MeasuredGaps = measuredGaps;
    }

    /// <summary>Measured gaps of known compositions that <c>band_gap</c> reports as such (null: not loaded).</summary>
    public MeasuredGapReference? MeasuredGaps { get; }

    /// <summary>Materials Project PBE gaps that anchor <c>band_gap</c> and p_metal where MP has the composition (null: not loaded).</summary>
    public DftGapReference? DftGaps { get; }

    /// <summary>Names of the loaded surrogates, e.g. <c>formation_energy</c>, <c>band_gap</c>.</summary>
    public IReadOnlyList<string> Names => [.. _models.Select(m => m.Header.Name)];

    /// <summary>Catalog surrogates whose file was not found (or could not be read) in the directory.</summary>
    public IReadOnlyList<string> Missing { get; }

    /// <summary>The loaded models.</summary>
    public IReadOnlyList<SurrogateModel> Models => _models;

    /// <summary>
    /// Loads every catalog surrogate found in <paramref name="directory"/>; unreadable or absent files go to <see cref="Missing"/>
    /// with the reason. Throws <see cref="InvalidOperationException"/> when model files exist but TorchSharp cannot be loaded.
    /// </summary>
    public static PropertyPredictor LoadDirectory(string directory)
    {
        if (SurrogateCatalog.All.Any(s => File.Exists(Path.Combine(directory, s.FileName))))
        {
            MatAssistant.Torch.TorchRuntime.EnsureLoaded();
        }

        var models = new List<SurrogateModel>();
        var missing = new List<string>();
        foreach (var spec in SurrogateCatalog.All)
        {
            var path = Path.Combine(directory, spec.FileName);
            if (!File.Exists(path))
            {
                missing.Add($"{spec.Name} ({spec.FileName} not found; run 'matassist train surrogate {spec.Name}')");
                continue;
            }

            try
            {
                models.Add(SurrogateModel.Load(path));
            }
            catch (Exception e) when (e is InvalidDataException or IOException or EndOfStreamException or System.Text.Json.JsonException)
            {
                missing.Add($"{spec.Name} ({e.Message})");
            }
        }

        DftGapReference? gaps = null;
        var gapFile = Path.Combine(directory, DftGapReference.FileName);
        if (File.Exists(gapFile))
        {
            try
            {
                gaps = DftGapReference.Load(gapFile);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or System.Text.Json.JsonException)
            {
                missing.Add($"{DftGapReference.FileName} ({e.Message})");
            }
        }

        MeasuredGapReference? measured = null;
        var measuredFile = Path.Combine(directory, MeasuredGapReference.FileName);
        if (File.Exists(measuredFile))
        {
            try
            {
                measured = MeasuredGapReference.Load(measuredFile);
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                missing.Add($"{MeasuredGapReference.FileName} ({e.Message})");
            }
        }

        return new PropertyPredictor(models, missing, gaps, measured);
    }

    /// <summary>All predictions for one composition, by name.</summary>
    public IReadOnlyDictionary<string, PropertyPrediction> Predict(Composition composition) => PredictBatch([composition])[0];

    /// <summary>Share of metals among compounds to which PBE gives a gap (by the label rule, none; a little kept for PBE+U's spurious gaps).</summary>
    public const double MetalShareWhenDftGapped = 0.02;

    /// <summary>
    /// p_metal given the experimental classifier's <paramref name="metal"/> and the DFT model's probability
    /// <paramref name="dftGapped"/> that PBE gives a gap: a PBE gap is strong evidence of a non-metal (PBE underestimates
    /// gaps), a zero PBE gap weak evidence of a metal (Mott insulators such as CoO and mixed-valence oxides are PBE
    /// metals), so p = q·ε + (1 − q)·p_expt. The DFT model learned from 78,000 compositions, the classifier from 4,900;
    /// LiCoO2, LiFePO4 and LiMn2O4, next to many metallic Li–TM–O compositions in the experimental set, need the former.
    /// </summary>
    public static double FuseWithDft(double metal, double dftGapped) =>
        (Math.Clamp(dftGapped, 0, 1) * MetalShareWhenDftGapped) + ((1 - Math.Clamp(dftGapped, 0, 1)) * metal);

    /// <summary>
    /// All predictions for many compositions (one batched pass per model). When the metal classifier is loaded, the
    /// experimental band gap is the median of its two parts (0 with probability p_metal, else the gap given a non-metal;
    /// <see cref="MixtureMedian"/>), with p_metal the classifier's, so the two
    /// predictions never contradict each other (no 0 eV gap beside p_metal ≈ 0, no 4 eV beside p_metal ≈ 1); with the
    /// DFT gap model also loaded, p_metal is first fused with it (<see cref="FuseWithDft"/>).
    /// </summary>
    public IReadOnlyDictionary<string, PropertyPrediction>[] PredictBatch(IReadOnlyList<Composition> compositions)
    {
        ArgumentNullException.ThrowIfNull(compositions);
        var result = new Dictionary<string, PropertyPrediction>[compositions.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = new Dictionary<string, PropertyPrediction>(StringComparer.Ordinal);
        }

        var classifier = _models.FirstOrDefault(m => m.Header.Name == SurrogateCatalog.IsMetal.Name);
        var metalPredictions = classifier?.PredictBatch(compositions);
        var pbe = DftGaps is null ? null : compositions.Select(DftGaps.Gap).ToArray();
        var measured = MeasuredGaps is null ? null : compositions.Select(MeasuredGaps.Find).ToArray();
        var dft = _models.FirstOrDefault(m => m.Header.Name == SurrogateCatalog.DftBandGap.Name)?.PositiveProbability(compositions);
        if (metalPredictions is not null && (dft is not null || pbe is not null || measured is not null))
        {
            for (var i = 0; i < metalPredictions.Length; i++)
            {
                // A computed PBE gap is what the DFT model only estimates: where MP has one, it decides; a measured gap
                // (positive by construction) decides likewise.
                var gapped = measured?[i] is not null || pbe?[i] >= DftGapReference.InsulatorGap ? 1.0 : dft?[i] ?? 0;
                var p = metalPredictions[i];
                metalPredictions[i] = p with
                {
                    Mean = FuseWithDft(p.Mean, gapped),
                    Std = p.Std * (1 - gapped),
                    // A measured or computed gap decides, not the classifier's extrapolation.
                    InDistribution = p.InDistribution || gapped >= 1,
                    Note = measured?[i] is { } m
                        ? string.Create(CultureInfo.InvariantCulture, $"measured gap {m.Gap:0.00} eV ({MeasuredGapReference.SourceName}): a non-metal, up to the compilation's label errors")
                        : p.Note,
                };
            }
        }

        var metal = metalPredictions?.Select(p => p.Mean).ToArray();
        foreach (var model in _models)
        {
            var predictions = ReferenceEquals(model, classifier) ? metalPredictions!
                : model.Header.Name == SurrogateCatalog.BandGap.Name && (metal is not null || measured is not null)
                    ? Anchor(model, compositions, metal, pbe, DftGaps?.Map, measured)
                : model.PredictBatch(compositions);
            for (var i = 0; i < result.Length; i++)
            {
                result[i][model.Header.Name] = predictions[i];
            }
        }

        return result;
    }

    /// <summary>
    /// Factor on the band-gap model's σ, in the weights of <see cref="Anchor"/>, for a composition it flags out of
    /// distribution: an extrapolation is trusted less than its spread says (the ranking doubles it too); leave-family-out
    /// validation found the oxide and halide families unreliable, and there the PBE gap is the better witness.
    /// </summary>
    public const double OutOfDistributionSigmaFactor = 2.0;

    /// <summary>
    /// The experimental band gap: (1) a measured value of the exact reduced composition, where
    /// <paramref name="measured"/> has one, with its σ (<see cref="MeasuredGapReference.SigmaOf"/>, widened to half the
    /// distance to the estimate below when the two disagree) and the estimate in the note; else (2) where Materials
    /// Project has the composition with a gap, the model's gap given a non-metal (g ± σ_g, σ_g ×
    /// <see cref="OutOfDistributionSigmaFactor"/> when out of distribution) and the mapped PBE gap (m ± σ_m,
    /// <see cref="DftGapMap"/>) combined by inverse-variance weighting (σ at full correlation), then mixed with p_metal as
    /// the model does (variance q·σ*² + q(1 − q)g*²; the value reported is the median <see cref="MixtureMedian"/>); else (3)
    /// the model's prediction (no MP entry, or a PBE gap of 0, which a Mott insulator also has), its value likewise the
    /// median of its two parts.
    /// </summary>
    internal static PropertyPrediction[] Anchor(
        SurrogateModel model, IReadOnlyList<Composition> compositions, IReadOnlyList<double>? metal, IReadOnlyList<double?>? pbe, DftGapMap? map,
        IReadOnlyList<MeasuredGap?>? measured = null)
    {
        var plain = model.PredictBatch(compositions, metal);
        var conditional = model.PredictBatch(compositions, new double[compositions.Count]);
        for (var i = 0; i < plain.Length; i++)
        {
            if (plain[i].Note is not null)
            {
                continue;
            }

            var (g, sg) = (conditional[i].Mean, Math.Max(conditional[i].Std, 1e-6));
            var estimate = g;
            var estimateSigma = sg;
            string? anchorNote = null;
            if (pbe?[i] is > 0 && map is not null)
            {
                var x = pbe[i]!.Value;
                var weightSigma = conditional[i].InDistribution ? sg : sg * OutOfDistributionSigmaFactor;
                var (m, correction) = map.Explain(x, compositions[i]);
                var sm = Math.Max(map.Sigma(x), 1e-6);
                var w = (sm * sm) / ((weightSigma * weightSigma) + (sm * sm));
                estimate = (w * g) + ((1 - w) * m);
                // Both estimates learned from the same kind of labels, so their errors are not independent: the σ of the
                // weighted mean is taken at full correlation (w·σ_g + (1 − w)·σ_m), an upper bound whatever the correlation.
                estimateSigma = (w * weightSigma) + ((1 - w) * sm);
                anchorNote = string.Create(CultureInfo.InvariantCulture,
                    $"anchored on the Materials Project PBE gap {x:0.00} eV (→ {m:0.00} ± {sm:0.00} eV experimental{(correction is null ? "" : $", {correction}")}; model {g:0.00} ± {sg:0.00} eV{(conditional[i].InDistribution ? "" : ", out of distribution")}; weight {1 - w:0.00} on PBE)");
            }

            if (measured?[i] is { } value)
            {
                var sigma = Math.Max(value.Sigma, Math.Abs(value.Gap - estimate) / 2);
                plain[i] = plain[i] with
                {
                    Mean = value.Gap,
                    Std = sigma,
                    InDistribution = true,
                    Source = PropertyPrediction.Measured,
                    Note = string.Create(CultureInfo.InvariantCulture,
                        $"measured ({MeasuredGapReference.SourceName}): {value.Gap:0.00} ± {sigma:0.00} eV; the models' estimate {estimate:0.00} ± {estimateSigma:0.00} eV{(anchorNote is null ? "" : $", {anchorNote}")}"),
                };
                continue;
            }

            if (metal is null)
            {
                continue;
            }

            if (anchorNote is null)
            {
                // The model's own two-part σ stays; only its point estimate becomes the median.
                plain[i] = plain[i] with { Mean = MixtureMedian(metal[i], g, sg) };
                continue;
            }

            var q = Math.Clamp(1 - metal[i], 0, 1);
            var variance = estimateSigma * estimateSigma;
            plain[i] = plain[i] with
            {
                Mean = MixtureMedian(metal[i], estimate, estimateSigma),
                Std = Math.Sqrt((q * variance) + (q * (1 - q) * estimate * estimate)),
                Source = PropertyPrediction.AnchoredPbe,
                Note = anchorNote,
            };
        }

        return plain;
    }

    /// <summary>
    /// The median of the band gap's two-part distribution: 0 with probability <paramref name="metalProbability"/> p, else
    /// normal around <paramref name="gap"/> with σ <paramref name="sigma"/> (cut at 0). The reported gap is this median,
    /// not the mean (1 − p)·g: the median minimises the expected absolute error, is 0 once p ≥ 0.5 (no gap for a compound
    /// called a metal) and stays near g for a confident non-metal, where the mean shaved p·g off every gap (2 % of 8.8 eV
    /// for Al2O3 at the p = 0.02 a PBE gap leaves). g + σ·Φ⁻¹((0.5 − p)/(1 − p)), clamped at 0: it falls with p, slowly
    /// at first and then steeply just below p = 0.5 when σ is small against g (3 ± 0.5 eV: 2.5 eV at p = 0.4, 1.6 at 0.499).
    /// </summary>
    public static double MixtureMedian(double metalProbability, double gap, double sigma)
    {
        var p = Math.Clamp(metalProbability, 0, 1);
        if (p >= 0.5)
        {
            return 0;
        }

        if (!(sigma > 0))
        {
            return Math.Max(0, gap);
        }

        return Math.Max(0, gap + (sigma * MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, (0.5 - p) / (1 - p))));
    }

    public void Dispose()
    {
        foreach (var model in _models)
        {
            model.Dispose();
        }
    }
}
