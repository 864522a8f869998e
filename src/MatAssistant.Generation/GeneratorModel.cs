using System.Text.Json;
using System.Text.Json.Serialization;
using MatAssistant.Chemistry;
using MatAssistant.Torch;

namespace MatAssistant.Generation;

/// <summary>Default sampling settings stored with a model.</summary>
/// <param name="Temperature">Softmax temperature.</param>
/// <param name="TopK">Keep the k most likely tokens (0: all).</param>
/// <param name="TopP">Nucleus: keep the smallest set with this much probability (1: all).</param>
public sealed record SamplingDefaults(double Temperature = 1.0, int TopK = 0, double TopP = 1.0);

/// <summary>What a trained generator is: tokenizer, size, how it was trained and what it reached. Stored as <c>generator.json</c>.</summary>
public sealed record GeneratorManifest
{
    public const int CurrentFormat = 1;

    public int Format { get; init; } = CurrentFormat;

    /// <summary>Element vocabulary in canonical order.</summary>
    public required IReadOnlyList<string> Elements { get; init; }

    public required int MaxCount { get; init; }

    public required int MaxElements { get; init; }

    public required GptSize Size { get; init; }

    public long Parameters { get; init; }

    public SamplingDefaults Sampling { get; init; } = new();

    /// <summary>Free-form training facts (data, filter, split, epochs, losses, time).</summary>
    public IReadOnlyDictionary<string, string> Training { get; init; } = new Dictionary<string, string>();

    internal static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    internal CompositionTokenizer CreateTokenizer() =>
        new(Elements.Select(s => ElementTable.Default[s]), MaxCount, MaxElements);
}

/// <summary>The files of a generator directory, written atomically.</summary>
public static class GeneratorFiles
{
    public const string Manifest = "generator.json";
    public const string Weights = "generator.weights";
    public const string ModelCard = "MODEL_CARD.md";
    public const string KnownFormulas = "known_formulas.bin";

    /// <summary>Writes the manifest atomically.</summary>
    public static void WriteManifest(string directory, GeneratorManifest manifest) =>
        AtomicFile.Write(Path.Combine(directory, Manifest), s => JsonSerializer.Serialize(s, manifest, GeneratorManifest.JsonOptions));

    public static GeneratorManifest ReadManifest(string directory)
    {
        var path = Path.Combine(directory, Manifest);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No generator in '{directory}': {Manifest} is missing (run 'matassist train generator').", path);
        }

        var manifest = JsonSerializer.Deserialize<GeneratorManifest>(File.ReadAllText(path), GeneratorManifest.JsonOptions)
            ?? throw new InvalidDataException($"{path} is empty.");
        if (manifest.Format != GeneratorManifest.CurrentFormat)
        {
            throw new InvalidDataException($"{path} has format {manifest.Format}; this build reads format {GeneratorManifest.CurrentFormat}.");
        }

        return manifest;
    }

    /// <summary>Replaces <paramref name="target"/> by the completed directory <paramref name="staged"/>: the old one is moved aside, the new one renamed in, the old one deleted.</summary>
    public static void Publish(string staged, string target)
    {
        var full = Path.GetFullPath(target);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string? aside = null;
        if (Directory.Exists(full))
        {
            aside = full + ".old-" + Guid.NewGuid().ToString("N");
            Directory.Move(full, aside);
        }

        Directory.Move(staged, full);
        if (aside is not null)
        {
            Directory.Delete(aside, recursive: true);
        }
    }
}
