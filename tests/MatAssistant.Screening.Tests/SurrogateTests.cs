using MatAssistant.Chemistry;
using MatAssistant.Screening.Surrogates;
using MatAssistant.Torch;
using Xunit;

namespace MatAssistant.Screening.Tests;

/// <summary>Tiny synthetic training runs: fast (a few seconds on one thread) and deterministic.</summary>
public sealed class SurrogateFixture : IDisposable
{
    private static readonly string[] Cations = ["Li", "Na", "K", "Mg", "Ca", "Sr", "Ba", "Al", "Ga", "Zn", "Ti", "Fe", "Cu", "Y"];
    private static readonly string[] Anions = ["O", "S", "F", "Cl", "Br", "N", "Se", "P"];

    public SurrogateFixture()
    {
        TorchRuntime.SetThreads(1);
        var random = new Random(3);
        var rows = new List<SurrogateRow>();
        for (var i = 0; i < 400; i++)
        {
            var composition = Composition.Create((Cations[random.Next(Cations.Length)], random.Next(1, 4)), (Anions[random.Next(Anions.Length)], random.Next(1, 5)));
            // A smooth synthetic "gap": electronegativity difference, which the features can express.
            var chi = composition.Elements.Select(e => e.PaulingElectronegativity!.Value).ToArray();
            rows.Add(new SurrogateRow(composition.Formula, composition, Math.Abs(chi[0] - chi[1]) * 2, i % 5));
        }

        Rows = rows;
        Options = new SurrogateTrainingOptions(Members: 3, Epochs: 40, BatchSize: 64, Hidden: [32, 16], ReferencePoints: 200);
        Model = SurrogateTrainer.Train(SurrogateCatalog.BandGap, Rows, Options);
    }

    public IReadOnlyList<SurrogateRow> Rows { get; }

    public SurrogateTrainingOptions Options { get; }

    public SurrogateModel Model { get; }

    public void Dispose() => Model.Dispose();
}

public class SurrogateTests(SurrogateFixture fixture) : IClassFixture<SurrogateFixture>
{
    [Fact]
    public void Train_LearnsSmoothTarget()
    {
        var mae = double.Parse(fixture.Model.Header.Training["validation_mae"], System.Globalization.CultureInfo.InvariantCulture);
        var spread = fixture.Rows.Select(r => r.Target).ToArray();
        var baseline = spread.Select(t => Math.Abs(t - spread.Average())).Average();
        Assert.True(mae < baseline / 2, $"validation MAE {mae} should beat half the mean-predictor MAE {baseline}");
    }

    [Fact]
    public void Predict_GivesMeanStdAndFlags()
    {
        var p = fixture.Model.Predict(Composition.Parse("NaCl"));
        Assert.True(double.IsFinite(p.Mean) && p.Mean >= 0);
        Assert.True(p.Std > 0);
        Assert.Equal("eV", p.Unit);
        Assert.True(p.InDistribution);
    }

    [Theory]
    [InlineData("UO2", "U")]     // uranium never occurs in training
    [InlineData("NaXe", "Xe")]
    public void Predict_FlagsUnseenElementOutOfDistribution(string formula, string unseen)
    {
        var composition = Composition.Parse(formula);
        Assert.False(fixture.Model.Predict(composition).InDistribution);
        Assert.Contains(unseen, fixture.Model.UnseenElements(composition));
    }

    [Fact]
    public void Predict_FlagsFarCompositionOutOfDistribution()
    {
        // Only seen elements, but an all-metal alloy far from every binary salt in training.
        Assert.False(fixture.Model.Predict(Composition.Parse("Li10Fe10Cu10Zn10Ti10")).InDistribution);
    }

    [Fact]
    public void SaveAndLoad_RoundTripsPredictions()
    {
        var directory = Directory.CreateTempSubdirectory("matassist-surrogate-");
        try
        {
            var path = Path.Combine(directory.FullName, "band_gap.surrogate");
            fixture.Model.Save(path);
            using var loaded = SurrogateModel.Load(path);
            var compositions = new[] { "NaCl", "MgO", "UO2" }.Select(Composition.Parse).ToArray();
            var before = fixture.Model.PredictBatch(compositions);
            var after = loaded.PredictBatch(compositions);
            for (var i = 0; i < before.Length; i++)
            {
                // Equal up to float32 rounding: the reloaded tensors may sit at other alignments, which changes SIMD paths.
                Assert.Equal(before[i].Mean, after[i].Mean, 5);
                Assert.Equal(before[i].Std, after[i].Std, 5);
                Assert.Equal(before[i].InDistribution, after[i].InDistribution);
            }
            Assert.Single(Directory.GetFiles(directory.FullName));

            using var predictor = PropertyPredictor.LoadDirectory(directory.FullName);
            Assert.Equal(["band_gap"], predictor.Names);
            Assert.Equal(3, predictor.Missing.Count);
            var screener = new CompositionScreener(ScreenerOptions.Default with { Predictor = predictor });
            var results = screener.ScreenBatch(["NaCl", "Q2", "MgO"]);
            Assert.NotNull(results[0].Predictions!["band_gap"]);
            Assert.Null(results[1].Predictions);
            Assert.NotNull(results[1].Error);
            // One at a time or in a batch: the same up to float32 rounding (batch size changes the kernels' summation order).
            var single = screener.Screen("MgO").Predictions!["band_gap"];
            var batched = results[2].Predictions!["band_gap"];
            Assert.Equal(single.Mean, batched.Mean, 5);
            Assert.Equal(single.Std, batched.Std, 5);
            Assert.Equal(single.InDistribution, batched.InDistribution);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Load_RejectsForeignFile()
    {
        using var stream = new MemoryStream("not a model"u8.ToArray());
        Assert.Throws<InvalidDataException>(() => SurrogateModel.Load(stream, "x"));
    }

    [Fact]
    public void Train_IsDeterministic()
    {
        // The intra-op thread count belongs to the calling thread (libgomp), and xunit may run this test on another thread than
        // the fixture's: set it here too. Regression: CI saw 5.968 against 5.952 eV.
        TorchRuntime.SetThreads(1);
        using var again = SurrogateTrainer.Train(SurrogateCatalog.BandGap, fixture.Rows, fixture.Options);
        var c = Composition.Parse("CaF2");
        var (first, second) = (fixture.Model.Predict(c), again.Predict(c));
        Assert.Equal(first.Mean, second.Mean, 6);
        Assert.Equal(first.Std, second.Std, 6);
    }

    [Fact]
    public void Evaluation_MatbenchAndFamilyOutRun()
    {
        var small = fixture.Options with { Members = 2, Epochs = 5 };
        var (report, predictions) = SurrogateEvaluation.Matbench(SurrogateCatalog.BandGap, fixture.Rows, small);
        Assert.Equal(5, report.Splits.Count);
        Assert.Equal(fixture.Rows.Count, report.Summary.TestRows);
        Assert.InRange(report.Summary.Within2Sigma, report.Summary.Within1Sigma, 1.0);
        var family = SurrogateEvaluation.FamilyOut(SurrogateCatalog.BandGap, fixture.Rows, small, predictions, minimumRows: 40);
        Assert.Contains(family.Splits, s => s.Split == "oxides");
        Assert.Equal(family.Splits.Count, family.Reference!.Count);
    }

    [Fact]
    public void ZeroInflated_PredictsNearZeroForTheZeroClass()
    {
        // Regression: plain L1 members collapsed to ~0 with σ ~ 0 on zero-heavy data; the hurdle keeps the two classes apart.
        var rows = fixture.Rows.Select(r => r.Composition.Elements.Any(e => e.Symbol is "Fe" or "Cu" or "Ti") ? r with { Target = 0 } : r).ToArray();
        using var model = SurrogateTrainer.Train(SurrogateCatalog.BandGap, rows, fixture.Options with { Epochs = 25 });
        Assert.True(model.Header.ZeroInflated);
        Assert.InRange(model.Predict(Composition.Parse("CuCl")).Mean, 0, 0.3);
        Assert.True(model.Predict(Composition.Parse("NaCl")).Mean > 1);
    }

    [Theory]
    [InlineData(0.99)]
    [InlineData(0.5)]
    [InlineData(0.01)]
    public void BandGap_FollowsTheMetalProbability(double metal)
    {
        // Regression (issue 12): WO3 and CuCl had gap 0 beside p_metal ≈ 0.01, LaB6 4.1 eV beside p_metal ≈ 0.
        var nacl = Composition.Parse("NaCl");
        var given = fixture.Model.PredictBatch([nacl], [0.0])[0]; // the gap of a certain non-metal
        var p = fixture.Model.PredictBatch([nacl], [metal])[0];
        Assert.Equal((1 - metal) * given.Mean, p.Mean, 6);
        Assert.True(p.Std > 0);
        if (metal >= 0.9)
        {
            Assert.True(p.Mean < 0.1 * given.Mean);
        }
    }

    [Fact]
    public void UnsureMetalCall_WidensSigma()
    {
        var nacl = Composition.Parse("NaCl");
        var sure = fixture.Model.PredictBatch([nacl], [0.0])[0];
        var unsure = fixture.Model.PredictBatch([nacl], [0.5])[0];
        Assert.True(unsure.Std > sure.Std);
    }

    [Fact]
    public void Sigma_NeverFallsBelowTheFloor()
    {
        using var model = Reloaded(fixture.Model);
        model.Recalibrate(h => h with { SigmaFloor = 0.4, FamilyScale = 2 });
        var before = fixture.Model.Predict(Composition.Parse("MgO")).Std;
        var after = model.Predict(Composition.Parse("MgO")).Std;
        Assert.Equal(Math.Sqrt((0.4 * 0.4) + (4 * before * before)), after, 5);
        Assert.True(model.PredictBatch([Composition.Parse("MgO")], [1.0])[0].Std >= 0.4); // a confident metal too
    }

    [Fact]
    public void UnreliableFamily_IsFlaggedOutOfDistribution()
    {
        using var model = Reloaded(fixture.Model);
        Assert.True(model.Predict(Composition.Parse("NaCl")).InDistribution);
        model.Recalibrate(h => h with { UnreliableFamilies = ["halides"] });
        Assert.False(model.Predict(Composition.Parse("NaCl")).InDistribution);
        Assert.True(model.Predict(Composition.Parse("MgO")).InDistribution);
    }

    [Fact]
    public void Element_FormationEnergyIsZeroByDefinition()
    {
        // Regression: Si came out at +0.33 eV/atom, Cu at +0.19.
        using var model = SurrogateTrainer.Train(SurrogateCatalog.FormationEnergy, fixture.Rows, fixture.Options with { Members = 2, Epochs = 5 });
        foreach (var element in new[] { "Si", "Cu", "U" })
        {
            var p = model.Predict(Composition.Parse(element));
            Assert.Equal((0.0, 0.0, true), (p.Mean, p.Std, p.InDistribution));
            Assert.Equal(SurrogateModel.ElementNote, p.Note);
        }

        Assert.Null(model.Predict(Composition.Parse("NaCl")).Note);
    }

    private static SurrogateModel Reloaded(SurrogateModel model)
    {
        using var stream = new MemoryStream();
        model.Save(stream);
        stream.Position = 0;
        return SurrogateModel.Load(stream, "copy");
    }

    [Theory]
    [InlineData("Fe2O3", "oxides")]
    [InlineData("CsPbBr3", "halides")]
    [InlineData("CdSe", "chalcogenides")]
    [InlineData("GaN", "pnictides")]
    [InlineData("Ni3Al", "intermetallics")]
    [InlineData("SiC", "other")]
    [InlineData("BiOCl", "oxides")]
    public void FamilyOf_UsesAnionPriority(string formula, string family) =>
        Assert.Equal(family, SurrogateEvaluation.FamilyOf(Composition.Parse(formula)));
}

public class DatasetAndMetricTests
{
    [Fact]
    public void Load_ReadsFoldsAndSkipsUnreadableFormulas()
    {
        var rows = SurrogateDataset.Load(Path.Combine(AppContext.BaseDirectory, "TestData", "tiny_folds.csv"), out var skipped);
        Assert.Equal(1, skipped); // Xx2O
        Assert.Equal(["Ag(AuS)2", "Al0.15Ga0.85As1", "SrTiO3"], rows.Select(r => r.Formula));
        Assert.Equal([2, 0, 4], rows.Select(r => r.Fold));
        Assert.Equal(1.72, rows[1].Target);
    }

    [Fact]
    public void GroupByComposition_AveragesPolymorphs()
    {
        var rows = new[] { ("Fe2O3", 1.0), ("Fe4O6", 3.0), ("FeO", 5.0) }
            .Select(p => new SurrogateRow(p.Item1, Composition.Parse(p.Item1), p.Item2, 0)).ToArray();
        var grouped = SurrogateDataset.GroupByComposition(rows);
        Assert.Equal([2.0, 5.0], grouped.Select(r => r.Target));
    }

    [Theory]
    [InlineData(new double[] { 0, 0, 1, 1 }, new double[] { 0.1, 0.4, 0.35, 0.8 }, 0.75)] // the textbook sklearn example
    [InlineData(new double[] { 0, 1 }, new double[] { 0.5, 0.5 }, 0.5)]
    [InlineData(new double[] { 1, 0 }, new double[] { 0.9, 0.1 }, 1.0)]
    public void RocAuc_MatchesKnownValues(double[] labels, double[] scores, double expected) =>
        Assert.Equal(expected, SurrogateMetrics.RocAuc(labels, scores), 9);

    [Fact]
    public void BalancedAccuracy_IsRocAucOfHardLabels() =>
        Assert.Equal(0.75, SurrogateMetrics.BalancedAccuracy([0, 0, 1, 1], [0.1, 0.6, 0.7, 0.9]), 9); // TPR 1, TNR 0.5

    [Fact]
    public void ShareWithin_CountsErrorsInsideSigma() =>
        Assert.Equal(0.5, SurrogateMetrics.ShareWithin([0, 0], [0.5, 2], [1, 1], 1));
}
