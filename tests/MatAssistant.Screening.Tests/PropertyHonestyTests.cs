using MatAssistant.Chemistry;
using MatAssistant.Screening.Surrogates;
using MatAssistant.Torch;

namespace MatAssistant.Screening.Tests;

/// <summary>Issue 12 item 6: clean metal labels, one gap consistent with p_metal, σ calibrated on held-out families, ground-state formation energies.</summary>
public class MetalLabelTests
{
    [Theory]
    [InlineData("Na2SO4", true)]   // labelled metal in expt_is_metal
    [InlineData("YbPO4", true)]
    [InlineData("Yb3Al5O12", true)]
    [InlineData("EuF3", true)]
    [InlineData("NaCl", true)]
    [InlineData("SrTiO3", true)]   // d0
    [InlineData("CuCl", true)]     // d10
    [InlineData("LiCoO2", false)]  // Co3+ is not d0/d10: the rule does not decide, the PBE gap does
    [InlineData("ReO3", false)]    // d1: a metal
    [InlineData("SrVO3", false)]
    [InlineData("La2CuO4", false)]
    [InlineData("GaAs", false)]    // no O or halogen: left to the PBE gap
    [InlineData("Cu", false)]
    public void IsClosedShellIonic_KnowsSaltsFromOpenShells(string formula, bool expected) =>
        Assert.Equal(expected, MetalLabels.IsClosedShellIonic(Composition.Parse(formula)));

    [Theory]
    [InlineData("LiFePO4", true)]
    [InlineData("Ni4(PO4)3", true)]
    [InlineData("CuSO4", true)]
    [InlineData("P4W8O32", false)] // a phosphate tungsten bronze: can be metallic
    [InlineData("Fe2O3", false)]   // no oxyanion former
    public void IsOxyanionSalt_FindsPhosphatesAndSilicates(string formula, bool expected) =>
        Assert.Equal(expected, MetalLabels.IsOxyanionSalt(Composition.Parse(formula)));

    private static SurrogateRow Row(string formula, double target) => new(formula, Composition.Parse(formula), target, 0);

    [Fact]
    public void Na2SO4_LabelledMetal_BecomesInsulator()
    {
        var (rows, report) = MetalLabels.Clean(SurrogateCatalog.IsMetal, [Row("Na2SO4", 1), Row("Cu", 1)], new Dictionary<string, DftGapRange>());
        Assert.Equal([0.0, 1.0], rows.Select(r => r.Target));
        Assert.Single(report.Changes);
        Assert.Equal(1, report.MetalToInsulator);
    }

    [Fact]
    public void LabelledMetalWithPbeGap_IsRelabelled_AndItsUnknownGapDropped()
    {
        var dft = new Dictionary<string, DftGapRange>(StringComparer.Ordinal) { ["Al1As1"] = new(1.5) };
        var (metal, _) = MetalLabels.Clean(SurrogateCatalog.IsMetal, [Row("AlAs", 1)], dft);
        Assert.Equal(0, metal[0].Target);
        var (gap, report) = MetalLabels.Clean(SurrogateCatalog.BandGap, [Row("AlAs", 0), Row("NaCl", 8.5)], dft);
        Assert.Equal(["NaCl"], gap.Select(r => r.Formula));
        Assert.Null(report.Changes[0].NewTarget);
    }

    [Fact]
    public void LaB6_LabelledInsulator_BecomesMetal()
    {
        var dft = new Dictionary<string, DftGapRange>(StringComparer.Ordinal) { ["B6La1"] = new(0) };
        var (gap, _) = MetalLabels.Clean(SurrogateCatalog.BandGap, [Row("LaB6", 4.1)], dft);
        Assert.Equal(0, gap[0].Target);
        var (metal, report) = MetalLabels.Clean(SurrogateCatalog.IsMetal, [Row("LaB6", 0)], dft, new Dictionary<string, double> { ["B6La1"] = 4.1 });
        Assert.Equal(1, metal[0].Target);
        Assert.Equal(1, report.InsulatorToMetal);
    }

    [Theory]
    [InlineData("CuO", "Cu1O1", 1.4)]    // Mott insulator: PBE without U closes its gap
    [InlineData("Eu2O3", "Eu2O3", 4.5)] // no U on f shells in MP
    [InlineData("ScN", "N1Sc1", 2.6)]   // closed shell: a real gap PBE misses
    public void ZeroPbeGap_DoesNotMakeAMottOrClosedShellInsulatorAMetal(string formula, string key, double gap)
    {
        var dft = new Dictionary<string, DftGapRange>(StringComparer.Ordinal) { [key] = new(0) };
        var (rows, report) = MetalLabels.Clean(SurrogateCatalog.BandGap, [Row(formula, gap)], dft);
        Assert.Equal(gap, rows[0].Target);
        Assert.Empty(report.Changes);
    }

    [SkippableFact]
    public void SharedData_KnownMislabelsAreFixed()
    {
        SharedData.Require();
        var data = SharedData.Directory;
        var rows = SurrogateDataset.Load(SurrogateDataset.FoldsFile(data, SurrogateCatalog.IsMetal), out _);
        var (clean, report) = MetalLabels.Clean(SurrogateCatalog.IsMetal, rows, MetalLabels.LoadDftGaps(data));
        double Label(string formula) => clean.First(r => r.Formula == formula).Target;
        Assert.Equal(0, Label("Na2SO4"));
        Assert.Equal(0, Label("YbPO4"));
        Assert.Equal(0, Label("AlAs"));
        Assert.InRange(report.Changes.Count, 100, 600);
    }
}

public class SigmaCalibrationTests
{
    [Fact]
    public void Fit_RecoversFloorAndScale_AndCovers68And95()
    {
        // Held-out errors are normal with σ_true = √(0.1² + (2σ)²): the model's σ is half too small and misses a noise floor.
        var random = new Random(7);
        var n = 4000;
        var sigma = Enumerable.Range(0, n).Select(_ => 0.05 + (0.2 * random.NextDouble())).ToArray();
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var errors = sigma.Select(s => Math.Abs(Normal() * Math.Sqrt(0.01 + (4 * s * s)))).ToArray();
        var fit = SigmaCalibration.Fit(errors, sigma, minimumFloor: 0.02);
        Assert.InRange(fit.Within1Sigma, 0.66, 0.71);
        Assert.InRange(fit.Within2Sigma, 0.93, 0.97);
        Assert.InRange(fit.Scale, 1.6, 2.4);
        Assert.InRange(fit.Floor, 0.02, 0.2);
    }

    [Fact]
    public void Fit_ConfidentRows_KeepAFloor()
    {
        // σ = 0 for every row (a confident hurdle), errors up to 0.3: only the floor can cover them.
        var errors = Enumerable.Range(0, 1000).Select(i => 0.3 * i / 1000.0).ToArray();
        var fit = SigmaCalibration.Fit(errors, new double[1000], minimumFloor: 0.02);
        Assert.True(fit.Floor > 0.1, $"floor {fit.Floor}");
    }
}

public class PolymorphTests
{
    [Fact]
    public void BaTiO3_FormationEnergyTakesTheLowestPolymorph()
    {
        // Regression: the average over 11 MP entries was −2.74 eV/atom, the ground state −3.51 (WC even came out unstable).
        var rows = new[] { ("BaTiO3", -3.51), ("Ba2Ti2O6", -0.47), ("BaTiO3", -3.40) }
            .Select(p => new SurrogateRow(p.Item1, Composition.Parse(p.Item1), p.Item2, 0)).ToArray();
        var grouped = SurrogateDataset.GroupByComposition(rows, SurrogateCatalog.FormationEnergy.Aggregate);
        Assert.Equal([-3.51], grouped.Select(r => r.Target));
    }
}

public class TextbookEvaluationTests
{
    [Fact]
    public void Load_ReadsQuotedNotes()
    {
        using var reader = new StringReader("formula,gap_ev,is_metal,note\nLa2CuO4,2.0,0,\"approximate; CT gap, 1.5-2.0 eV\"\nW,0,1,metal; bcc\n");
        var rows = TextbookEvaluation.Load(reader, "t.csv");
        Assert.Equal(["La2CuO4", "W"], rows.Select(r => r.Formula));
        Assert.Equal("approximate; CT gap, 1.5-2.0 eV", rows[0].Note);
        Assert.True(rows[1].IsMetal);
    }

    [Fact]
    public void Figures_CountConfidentMissesAndMetalsWithGaps()
    {
        TextbookRow Row(string f, double gap, bool metal, double predicted, double std, double p) =>
            new(new TextbookCompound(f, gap, metal, "", "t"), predicted, std, true, p, false);
        var figures = TextbookEvaluation.Figures(
        [
            Row("LiCoO2", 2.7, false, 0.0, 0.1, 0.99), // the miss of issue 12
            Row("NaCl", 8.5, false, 8.0, 0.4, 0.01),
            Row("LaB6", 0, true, 4.1, 0.2, 0.2),
            Row("Cu", 0, true, 0.0, 0.1, 0.98),
        ]);
        Assert.Equal(2, figures.NonMetals);
        Assert.Equal((2.7 + 0.5) / 2, figures.GapMae, 9);
        Assert.Equal(["LiCoO2"], figures.ConfidentMisses);
        Assert.Equal(["LaB6"], figures.MetalsWithGap);
        Assert.Equal(0.5, figures.Within2Sigma);
        Assert.Equal(0.5, figures.MetalAccuracy);
    }
}

public class DftFusionTests
{
    [Theory]
    [InlineData(0.99, 1.0, 0.02)]  // PBE gives a gap: a non-metal, whatever the experimental classifier says (LiCoO2)
    [InlineData(0.99, 0.0, 0.99)]  // PBE metal: weak evidence, the classifier decides (CoO is a PBE metal and an insulator)
    [InlineData(0.5, 0.5, 0.26)]
    public void FuseWithDft_TrustsAPbeGap(double metal, double dftGapped, double expected) =>
        Assert.Equal(expected, PropertyPredictor.FuseWithDft(metal, dftGapped), 9);

    [Theory]
    [InlineData(0.0, 3.0, 0.5)]
    [InlineData(0.02, 8.8, 1.5)]
    [InlineData(0.2, 2.0, 0.5)]
    [InlineData(0.4, 2.0, 1.2)]
    [InlineData(0.49, 1.0, 0.1)]
    public void MixtureMedian_SplitsTheTwoPartDistributionInHalves(double p, double gap, double sigma)
    {
        // The median m of "0 with probability p, else N(gap, σ)" solves p + (1 − p)·Φ((m − gap)/σ) = 0.5.
        var m = PropertyPredictor.MixtureMedian(p, gap, sigma);
        Assert.InRange(m, 0, gap);
        Assert.Equal(0.5, p + ((1 - p) * MathNet.Numerics.Distributions.Normal.CDF(gap, sigma, m)), 9);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.9)]
    [InlineData(1.0)]
    public void MixtureMedian_IsZeroForACompoundCalledAMetal(double p) =>
        Assert.Equal(0.0, PropertyPredictor.MixtureMedian(p, 4.1, 0.8));

    [Fact]
    public void MixtureMedian_DoesNotShaveAConfidentNonMetal()
    {
        // Regression: the reported gap was the mean (1 − p)·g, so the p = 0.02 that a PBE gap leaves took 0.18 eV off
        // Al2O3's 8.8 eV; the median moves it by about 0.03 σ.
        Assert.InRange(PropertyPredictor.MixtureMedian(0.02, 8.8, 1.0), 8.76, 8.8);
        Assert.Equal(3.0, PropertyPredictor.MixtureMedian(0, 3.0, 0.4), 12);
        Assert.Equal(3.0, PropertyPredictor.MixtureMedian(0.3, 3.0, 0), 12);
        // Falls as a compound drifts towards the metal side, and the more so the less sure the gap.
        var medians = Enumerable.Range(0, 50).Select(i => PropertyPredictor.MixtureMedian(i / 100.0, 3.0, 0.5)).ToArray();
        Assert.All(medians.Zip(medians.Skip(1)), pair => Assert.True(pair.Second < pair.First));
        Assert.True(PropertyPredictor.MixtureMedian(0.4, 3.0, 1.5) < PropertyPredictor.MixtureMedian(0.4, 3.0, 0.5));
    }
}

/// <summary>Regression tests on the shipped models in <c>models/</c> (issue 12, "Measured"); skipped where they are absent.</summary>
public sealed class ShippedModelFixture : IDisposable
{
    public ShippedModelFixture()
    {
        TorchRuntime.SetThreads(1);
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var models = Path.Combine(dir.FullName, "models");
            if (File.Exists(Path.Combine(dir.FullName, "MatAssistant.sln")) && SurrogateCatalog.All.All(s => File.Exists(Path.Combine(models, s.FileName))))
            {
                Predictor = PropertyPredictor.LoadDirectory(models);
                break;
            }
        }
    }

    public PropertyPredictor? Predictor { get; }

    public IReadOnlyDictionary<string, PropertyPrediction> Predict(string formula)
    {
        Skip.If(Predictor is null, "the shipped models are absent");
        return Predictor!.Predict(Composition.Parse(formula));
    }

    public void Dispose() => Predictor?.Dispose();
}

public class ShippedModelTests(ShippedModelFixture models) : IClassFixture<ShippedModelFixture>
{
    [SkippableTheory]
    [InlineData("LiCoO2")]
    [InlineData("LiFePO4")]
    [InlineData("LiMn2O4")]
    [InlineData("CoO")]
    public void BatteryOxides_AreNotConfidentMetals(string formula)
    {
        // Regression: p_metal ≥ 0.995 with a band gap of 0.00 ± 0.00 eV, flagged in distribution.
        var p = models.Predict(formula);
        Assert.True(p["is_metal"].Mean < TextbookEvaluation.ConfidentMetal, $"{formula}: p_metal {p["is_metal"].Mean}");
        Assert.True(p["band_gap"].Std >= 0.1, $"{formula}: band gap {p["band_gap"].Mean} ± {p["band_gap"].Std}");
    }

    [SkippableFact]
    public void LiCoO2_IsNotPredictedMetallic()
    {
        var p = models.Predict("LiCoO2");
        Assert.True(p["is_metal"].Mean < 0.5);
        Assert.True(p["band_gap"].Mean > 0.5);
    }

    [SkippableTheory]
    [InlineData("MgO")]
    [InlineData("Al2O3")]
    [InlineData("SiO2")]
    public void WideGapOxide_GapIsNotShavedByTheMetalShare(string formula)
    {
        // Regression: an anchored gap was reported as (1 − 0.02)·estimate, 0.12–0.15 eV low for these oxides; the gap is now
        // the median of its two parts, which for p_metal = 0.02 lies within a few hundredths of a σ of the estimate.
        var p = models.Predict(formula);
        var gap = p["band_gap"];
        Assert.Equal(PropertyPrediction.AnchoredPbe, gap.Source);
        Assert.True(p["is_metal"].Mean <= 0.05, $"{formula}: p_metal {p["is_metal"].Mean}");
        // The note gives the map's value m, the model's g and the weight W on PBE: the estimate is W·m + (1 − W)·g.
        var note = System.Text.RegularExpressions.Regex.Match(gap.Note!, @"→ (\d+\.\d+) ± .*model (\d+\.\d+) ± .*weight (\d\.\d+) on PBE");
        Assert.True(note.Success, gap.Note);
        double Read(int group) => double.Parse(note.Groups[group].Value, System.Globalization.CultureInfo.InvariantCulture);
        var estimate = (Read(3) * Read(1)) + ((1 - Read(3)) * Read(2));
        Assert.InRange(gap.Mean, estimate - 0.05, estimate + 0.01);
        Assert.InRange(gap.Mean, 6.5, 9.5);
    }

    [SkippableFact]
    public void LaB6_IsNotGivenALargeGap()
    {
        // Regression: the training label (4.1 eV, an optical feature of a metal) was reproduced.
        var p = models.Predict("LaB6");
        Assert.True(p["band_gap"].Mean < 0.5, $"LaB6: {p["band_gap"].Mean}");
    }

    [SkippableTheory]
    [InlineData("Si")]
    [InlineData("Cu")]
    public void Element_FormationEnergyIsExactlyZero(string formula)
    {
        var p = models.Predict(formula)["formation_energy"];
        Assert.Equal((0.0, 0.0), (p.Mean, p.Std));
        Assert.NotNull(p.Note);
    }

    [SkippableTheory]
    [InlineData("WO3")]
    [InlineData("CuCl")]
    [InlineData("Cu")]
    [InlineData("NaCl")]
    public void GapAndMetalProbability_AgreeInOneRow(string formula)
    {
        // Regression: WO3 and CuCl got gap 0 while p_metal ≈ 0.01.
        var p = models.Predict(formula);
        var metal = p["is_metal"].Mean;
        var gap = p["band_gap"].Mean;
        Assert.False(metal < 0.1 && gap < 0.05, $"{formula}: p_metal {metal} but gap {gap}");
        Assert.False(metal > 0.9 && gap > 0.5, $"{formula}: p_metal {metal} but gap {gap}");
    }
}
