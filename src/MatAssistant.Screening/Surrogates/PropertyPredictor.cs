using MatAssistant.Chemistry;

namespace MatAssistant.Screening.Surrogates;

/// <summary>
/// The set of shipped surrogates, loaded from a <c>models/</c> directory. A missing model file is not an error: its name is
/// listed in <see cref="Missing"/> and its prediction is simply absent. Thread-safe.
/// </summary>
public sealed class PropertyPredictor : IDisposable
{
    private readonly SurrogateModel[] _models;

    public PropertyPredictor(IReadOnlyList<SurrogateModel> models, IReadOnlyList<string>? missing = null)
    {
        ArgumentNullException.ThrowIfNull(models);
        _models = [.. models];
        Missing = missing ?? [];
    }

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

        return new PropertyPredictor(models, missing);
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
    /// experimental band gap is (1 − p_metal) × the gap given a non-metal, with p_metal the classifier's, so the two
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
        var dft = _models.FirstOrDefault(m => m.Header.Name == SurrogateCatalog.DftBandGap.Name)?.PositiveProbability(compositions);
        if (metalPredictions is not null && dft is not null)
        {
            for (var i = 0; i < metalPredictions.Length; i++)
            {
                var p = metalPredictions[i];
                metalPredictions[i] = p with { Mean = FuseWithDft(p.Mean, dft[i]), Std = p.Std * (1 - dft[i]) };
            }
        }

        var metal = metalPredictions?.Select(p => p.Mean).ToArray();
        foreach (var model in _models)
        {
            var predictions = ReferenceEquals(model, classifier) ? metalPredictions!
                : metal is not null && model.Header.Name == SurrogateCatalog.BandGap.Name ? model.PredictBatch(compositions, metal)
                : model.PredictBatch(compositions);
            for (var i = 0; i < result.Length; i++)
            {
                result[i][model.Header.Name] = predictions[i];
            }
        }

        return result;
    }

    public void Dispose()
    {
        foreach (var model in _models)
        {
            model.Dispose();
        }
    }
}
