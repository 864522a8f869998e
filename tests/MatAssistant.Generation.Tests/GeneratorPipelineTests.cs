using System.Globalization;
using MatAssistant.Generation;
using Xunit;

namespace MatAssistant.Generation.Tests;

/// <summary>
/// <c>train generator</c>'s pipeline on a tiny data directory: it publishes a model that loads, with its card and novelty
/// reference, and an interrupted or refused run leaves the previous model as it was.
/// </summary>
[Collection(TorchTraining.Name)]
public sealed class GeneratorPipelineTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("matassist-pipeline-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>About a hundred charge-balanced binaries, written in the Materials Project file's format.</summary>
    private string DataDirectory()
    {
        var formulas = new List<string>();
        foreach (var m in new[] { "Li", "Na", "K", "Rb", "Cs" })
        {
            formulas.AddRange(new[] { "F", "Cl", "Br", "I" }.Select(x => m + x));
            formulas.Add(m + "2O");
        }

        foreach (var m in new[] { "Mg", "Ca", "Sr", "Ba", "Zn", "Ni", "Co", "Fe", "Mn", "Cu", "Cd" })
        {
            formulas.Add(m + "O");
            formulas.AddRange(new[] { "F", "Cl", "Br" }.Select(x => m + x + "2"));
        }

        foreach (var m in new[] { "Al", "Ga", "In", "Y", "La", "Sc", "Cr" })
        {
            formulas.Add(m + "2O3");
            formulas.AddRange(new[] { "F", "Cl" }.Select(x => m + x + "3"));
        }

        foreach (var m in new[] { "Ti", "Zr", "Hf", "Sn", "Ge", "Si" })
        {
            formulas.Add(m + "O2");
            formulas.Add(m + "F4");
        }

        var directory = Path.Combine(_root, "data");
        Directory.CreateDirectory(directory);
        File.WriteAllLines(Path.Combine(directory, FormulaDataset.TrainingFileName),
            ["formula,target,n_entries,target_min,target_max", .. formulas.Select((f, i) => string.Create(CultureInfo.InvariantCulture, $"{f},{-1 - (0.01 * i)},1,0,0"))]);
        return directory;
    }

    private GeneratorPipelineOptions Tiny(string output) => new(DataDirectory(), output, TrainingFilter.None, "icsd",
        new TrainingOptions(new GptSize(1, 16, 2, 0), MaxEpochs: 2, BatchSize: 16, Seed: 5), Temperature: 0.8, EvaluationSamples: 40);

    [Fact]
    public void Run_PublishesAModelThatLoads_WithItsCardAndNoveltyReference()
    {
        var output = Path.Combine(_root, "models", "generator");
        var stages = new List<string>();
        var result = GeneratorPipeline.Run(Tiny(output), new MatAssistant.Torch.ImmediateProgress<GeneratorPipelineProgress>(p => stages.Add(p.Stage)));

        Assert.Equal(Path.GetFullPath(output), result.ModelDirectory);
        Assert.True(File.Exists(Path.Combine(output, GeneratorFiles.ModelCard)));
        Assert.True(File.Exists(Path.Combine(output, GeneratorFiles.KnownFormulas)));
        Assert.Contains("matassist train generator", result.Card, StringComparison.Ordinal);
        Assert.Equal(["data", "train", "evaluate", "write"], stages.Distinct().ToArray());
        Assert.Empty(Directory.GetDirectories(Path.GetDirectoryName(output)!, "*staging*"));
        using var loaded = CompositionGenerator.Load(output, 1);
        Assert.Equal(0.8, loaded.Manifest.Sampling.Temperature);
        Assert.NotEmpty(loaded.Generate(new GenerationRequest(5, Seed: 1)));
    }

    [Fact]
    public void Run_Cancelled_LeavesThePreviousModelAndNoStagingFolder()
    {
        var output = Path.Combine(_root, "models", "generator");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "previous.txt"), "the model before");
        using var cancel = new CancellationTokenSource();
        var progress = new MatAssistant.Torch.ImmediateProgress<GeneratorPipelineProgress>(p =>
        {
            if (p.Stage == "train")
            {
                cancel.Cancel();
            }
        });

        Assert.ThrowsAny<OperationCanceledException>(() => GeneratorPipeline.Run(Tiny(output), progress, cancel.Token));
        Assert.Equal("the model before", File.ReadAllText(Path.Combine(output, "previous.txt")));
        Assert.Empty(Directory.GetDirectories(Path.GetDirectoryName(output)!, "*staging*"));
    }

    [Theory]
    [InlineData("smact99", "filter rules 'smact99' are not known")]
    [InlineData("smact14", "the smact14 filter rules need")]
    public void Run_WithRulesItCannotUse_SaysWhatToDoAndWritesNothing(string rules, string message)
    {
        var output = Path.Combine(_root, "models", "generator");
        var e = Assert.Throws<ArgumentException>(() => GeneratorPipeline.Run(Tiny(output) with { FilterRules = rules }));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }
}
