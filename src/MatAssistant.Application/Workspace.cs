using MatAssistant.Generation;
using MatAssistant.Screening;
using MatAssistant.Screening.Surrogates;

namespace MatAssistant.Application;

/// <summary>Where the shipped assets and the user's data live.</summary>
/// <param name="ModelsDirectory">Trained models (the generator, the property surrogates, the known-formula reference).</param>
/// <param name="CorpusDirectory">The shipped literature corpus (<c>corpus/literature</c>).</param>
/// <param name="DataDirectory">The user's working data: the literature index, plots (default <c>.matassist/</c>).</param>
/// <param name="GeneratorDirectoryOverride">Another generator than <c>models/generator</c>.</param>
/// <param name="GeneratorThreads">TorchSharp threads for sampling (default 1: on a busy 2-core machine more were several times slower).</param>
/// <param name="SurrogateDirectoryOverride">Another folder of property surrogates than <c>models/</c> (the known-formula reference stays in models/).</param>
public sealed record WorkspaceOptions(string ModelsDirectory, string CorpusDirectory, string DataDirectory, string? GeneratorDirectoryOverride = null, int GeneratorThreads = 1, string? SurrogateDirectoryOverride = null)
{
    /// <summary>The folder of the property surrogates, <c>models/</c> unless overridden.</summary>
    public string SurrogateDirectory => SurrogateDirectoryOverride ?? ModelsDirectory;

    /// <summary>The generator's directory, <c>models/generator</c> unless overridden.</summary>
    public string GeneratorDirectory => GeneratorDirectoryOverride ?? Path.Combine(ModelsDirectory, "generator");

    /// <summary>Where the assistant's plots go, <c>DATA/plots</c>.</summary>
    public string PlotDirectory => Path.Combine(DataDirectory, "plots");
}

/// <summary>
/// The loaded resources the use cases share: the known-formula reference, the property surrogates and the generator,
/// each loaded once on first use (loading the generator and the surrogates costs TorchSharp start-up, which a
/// screen-only or solve-only run should not pay). Thread-safe; one per process or per test.
/// </summary>
public sealed class Workspace : IDisposable
{
    private readonly Lazy<KnownFormulaSet?> _known;
    private readonly Lazy<PropertyPredictor> _predictor;
    private readonly Lazy<CompositionGenerator?> _generator;
    private readonly List<string> _notes = [];
    private readonly Lock _gate = new();

    public Workspace(WorkspaceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        _known = new(LoadKnown);
        _predictor = new(LoadPredictor);
        _generator = new(() => File.Exists(Path.Combine(options.GeneratorDirectory, GeneratorFiles.Manifest)) ? CompositionGenerator.Load(options.GeneratorDirectory, options.GeneratorThreads) : null);
    }

    public WorkspaceOptions Options { get; }

    /// <summary>The known-materials reference, or null when none ships (then <c>known</c>/<c>novel</c> are null, and results say so).</summary>
    public KnownFormulaSet? Known => _known.Value;

    /// <summary>The property surrogates found (possibly none: <see cref="PropertyPredictor.Missing"/> says which are absent).</summary>
    public PropertyPredictor Predictor => _predictor.Value;

    /// <summary>Whether a generator ships; checked without loading it.</summary>
    public bool HasGenerator => _generator.IsValueCreated ? _generator.Value is not null : File.Exists(Path.Combine(Options.GeneratorDirectory, GeneratorFiles.Manifest));

    /// <summary>The generator, or null when none ships. Not thread-safe itself: use <see cref="WithGenerator{T}"/>.</summary>
    internal CompositionGenerator? Generator => _generator.Value;

    /// <summary>Notes about resources that could not be loaded (a missing surrogate, TorchSharp unavailable), for stderr or a log.</summary>
    public IReadOnlyList<string> Notes
    {
        get
        {
            _ = Predictor;
            lock (_gate)
            {
                return [.. _notes];
            }
        }
    }

    /// <summary>Runs <paramref name="work"/> with the generator held exclusively (a generator samples one request at a time).</summary>
    internal T WithGenerator<T>(Func<CompositionGenerator, T> work)
    {
        var generator = Generator ?? throw new RequestException($"no composition generator in '{Options.GeneratorDirectory}': run 'matassist train generator' or reinstall models/.");
        lock (_gate)
        {
            return work(generator);
        }
    }

    public void Dispose()
    {
        if (_generator.IsValueCreated)
        {
            _generator.Value?.Dispose();
        }

        if (_predictor.IsValueCreated)
        {
            _predictor.Value.Dispose();
        }
    }

    private KnownFormulaSet? LoadKnown()
    {
        foreach (var path in new[] { Path.Combine(Options.ModelsDirectory, KnownFormulaFileName), Path.Combine(Options.GeneratorDirectory, KnownFormulaFileName) })
        {
            if (File.Exists(path))
            {
                return KnownFormulaSet.Load(path);
            }
        }

        return null;
    }

    private PropertyPredictor LoadPredictor()
    {
        PropertyPredictor predictor;
        try
        {
            predictor = Directory.Exists(Options.SurrogateDirectory) ? PropertyPredictor.LoadDirectory(Options.SurrogateDirectory) : new PropertyPredictor([], [.. SurrogateCatalog.All.Select(s => $"{s.Name} (no models directory)")]);
        }
        catch (InvalidOperationException e)
        {
            // TorchSharp's native library could not be loaded: screening still works, predictions are left out and said so.
            lock (_gate)
            {
                _notes.Add($"no property predictions: {e.Message}");
            }

            return new PropertyPredictor([], [.. SurrogateCatalog.All.Select(s => $"{s.Name} (TorchSharp unavailable)")]);
        }

        lock (_gate)
        {
            _notes.AddRange(predictor.Missing.Select(m => $"no {m}."));
        }

        return predictor;
    }

    /// <summary>The file name of the hashed known-formula reference.</summary>
    public const string KnownFormulaFileName = "known_formulas.bin";
}
