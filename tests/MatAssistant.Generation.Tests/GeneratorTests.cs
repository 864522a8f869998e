using MatAssistant.Chemistry;
using MatAssistant.Generation;
using MatAssistant.Torch;
using Xunit;

namespace MatAssistant.Generation.Tests;

/// <summary>A tiny model trained for a few seconds: sampling, constraints, determinism, save and load.</summary>
[Collection(TorchTraining.Name)]
public sealed class GeneratorTests : IClassFixture<GeneratorTests.TinyModel>
{
    private readonly TinyModel _fixture;

    public GeneratorTests(TinyModel fixture) => _fixture = fixture;

    public sealed class TinyModel : IDisposable
    {
        public TinyModel()
        {
            TorchRuntime.SetThreads(1);
            var formulas = new[]
            {
                "LiCoO2", "LiMn2O4", "Li2O", "LiFePO4", "NaCl", "KCl", "MgO", "SrTiO3", "BaTiO3", "Fe2O3", "Li3N", "LiF", "NaF", "CaF2",
                "TiO2", "MnO2", "Li2MnO3", "Na2O", "K2O", "CaO", "Al2O3", "LiAlO2", "NaAlO2", "ZnO", "CuO", "Cu2O", "NiO", "CoO",
            }.Select(Composition.Parse).ToArray();
            var tokenizer = CompositionTokenizer.FromCompositions(formulas);
            Directory = Path.Combine(Path.GetTempPath(), "matassist-generator-test-" + Guid.NewGuid().ToString("N"));
            System.IO.Directory.CreateDirectory(Directory);
            var options = new TrainingOptions(new GptSize(1, 16, 2, 0), MaxEpochs: 3, BatchSize: 8, Seed: 3, Threads: 1);
            var (generator, summary) = GeneratorTrainer.Train(tokenizer, formulas, formulas[..6], formulas[6..10], options, Path.Combine(Directory, "checkpoint"));
            Summary = summary;
            Generator = generator;
            Generator.Save(Directory, generator.Manifest);
        }

        public string Directory { get; }

        public CompositionGenerator Generator { get; }

        public TrainingSummary Summary { get; }

        public void Dispose()
        {
            Generator.Dispose();
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    [Fact]
    public void Training_IsDeterministicForASeed()
    {
        var formulas = new[] { "LiCoO2", "LiMn2O4", "Li2O", "NaCl", "KCl", "MgO", "SrTiO3", "Fe2O3", "LiF", "TiO2" }.Select(Composition.Parse).ToArray();
        var tokenizer = CompositionTokenizer.FromCompositions(formulas);
        var options = new TrainingOptions(new GptSize(1, 16, 2, 0.1), MaxEpochs: 2, BatchSize: 4, Seed: 9, Threads: 1);
        var checkpoint = Path.Combine(Path.GetTempPath(), "matassist-determinism-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (a, summaryA) = GeneratorTrainer.Train(tokenizer, formulas, formulas[..3], formulas[3..5], options, checkpoint);
            var (b, summaryB) = GeneratorTrainer.Train(tokenizer, formulas, formulas[..3], formulas[3..5], options, checkpoint);
            using (a)
            using (b)
            {
                Assert.Equal(summaryA.BestValidationLoss, summaryB.BestValidationLoss);
                var request = new GenerationRequest(50, 1);
                Assert.Equal(a.Generate(request).Select(s => s.ReducedFormula), b.Generate(request).Select(s => s.ReducedFormula));
            }
        }
        finally
        {
            File.Delete(checkpoint);
        }
    }

    [Fact]
    public void Training_ReportsFiniteLosses()
    {
        Assert.True(double.IsFinite(_fixture.Summary.BestValidationLoss));
        Assert.True(double.IsFinite(_fixture.Summary.TestLoss));
        Assert.InRange(_fixture.Summary.BestEpoch, 1, 3);
    }

    [Theory]
    [InlineData("Li,O", null, null, null)]
    [InlineData("O", "Li,Na", 3, null)]
    [InlineData(null, null, 2, 3)]
    [InlineData("F", null, null, 2)]
    public void Generate_EverySampleMeetsTheConstraints(string? include, string? exclude, int? exact, int? maxAtoms)
    {
        var constraints = new DecodingConstraints(include?.Split(','), exclude?.Split(','), exact, MaxAtoms: maxAtoms);
        foreach (var rejection in new[] { 0, 5 })
        {
            // 0: masked decoding only; 5: rejection sampling first, masked decoding for the rest.
            var samples = _fixture.Generator.Generate(new GenerationRequest(300, 5, constraints, TopP: 0.95, BatchSize: 64, RejectionFactor: rejection));
            Assert.Equal(300, samples.Count);
            Assert.All(samples, s => Assert.True(constraints.IsSatisfiedBy(s.Composition), $"{s.Composition} breaks {constraints}"));
        }
    }

    [Fact]
    public void Generate_SameSeedSameSamples_OtherSeedOtherSamples()
    {
        var request = new GenerationRequest(200, 11, new DecodingConstraints(["Li", "O"]), Temperature: 1.2, TopK: 20);
        var a = _fixture.Generator.Generate(request).Select(s => s.ReducedFormula).ToArray();
        var b = _fixture.Generator.Generate(request).Select(s => s.ReducedFormula).ToArray();
        var c = _fixture.Generator.Generate(request with { Seed = 12 }).Select(s => s.ReducedFormula).ToArray();
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void SavedModel_LoadsAndSamplesTheSame()
    {
        using var loaded = CompositionGenerator.Load(_fixture.Directory, threads: 1);
        var request = new GenerationRequest(100, 2);
        Assert.Equal(
            _fixture.Generator.Generate(request).Select(s => s.ReducedFormula),
            loaded.Generate(request).Select(s => s.ReducedFormula));
    }

    [Fact]
    public void ImpossibleConstraints_AreRefusedBeforeSampling() =>
        Assert.Throws<ImpossibleConstraintsException>(() => _fixture.Generator.Generate(new GenerationRequest(10, 1, new DecodingConstraints(["Li"], ["Li"]))));

    [Fact]
    public void Propose_ReturnsDistinctScreenedCandidatesValidFirst()
    {
        var set = CandidateSearch.Propose(_fixture.Generator, new GenerationRequest(30, 4, new DecodingConstraints(["O"])), new CompositionRules(), c => c.ReducedFormula == "Li2O");
        Assert.Equal(set.Candidates.Count, set.Candidates.Select(c => c.ReducedFormula).Distinct().Count());
        Assert.All(set.Candidates, c => Assert.Contains(c.Composition.Elements, e => e.Symbol == "O"));
        var validity = set.Candidates.Select(c => c.Verdict.Valid && c.Novel != false).ToArray();
        Assert.Equal(validity.OrderByDescending(v => v), validity);
        Assert.True(set.Samples >= set.Candidates.Count);
    }
}
