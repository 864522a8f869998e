using MatAssistant.Chemistry;
using MatAssistant.Screening.Surrogates;

namespace MatAssistant.Screening.Tests;

public class DftGapReferenceTests
{
    private static readonly double[] Truth = [0.8, 0.6, 0.4, 0.05, 0.5, -0.05, 0.35, 0.15, -0.5, 0.35];

    private static readonly string[] Formulas = ["NaCl", "ZnO", "CdS", "GaAs", "Al2O3", "TiO2", "LiFePO4", "CuInS2", "SrTiO3", "MgAl2O4", "KBr", "Si3N4"];

    // Rows whose gaps follow the map with coefficients Truth exactly, plus noise(i): 0 … 8 eV, so every default bin gets rows.
    // Each cycle through the formulas shifts the first element's amount by 0.1 % so that every row is its own composition,
    // as in the data (a composition is never its own neighbour).
    private static List<(double, Composition, double)> Rows(Func<int, double> noise)
    {
        var rows = new List<(double, Composition, double)>();
        for (var i = 0; i < 240; i++)
        {
            var x = i * (8.0 / 240);
            var parsed = Composition.Parse(Formulas[i % Formulas.Length]);
            var shift = 1 + (0.001 * (i / Formulas.Length));
            var composition = Composition.Create(parsed.Elements.Select((e, k) => KeyValuePair.Create(e, parsed.Amounts[k] * (k == 0 ? shift : 1))));
            var phi = DftGapMap.Features(x, composition);
            rows.Add((x, composition, phi.Select((f, k) => f * Truth[k]).Sum() + noise(i)));
        }

        return rows;
    }

    [Fact]
    public void Fit_RecoversTheMap_WithZeroSigmaWithoutNoise()
    {
        var map = DftGapMap.Fit(Rows(_ => 0));
        for (var k = 0; k < Truth.Length; k++)
        {
            Assert.Equal(Truth[k], map.Coefficients[k], 5);
        }

        Assert.All(map.BinSigma, s => Assert.True(s < 1e-5, $"σ {s}"));
        Assert.Equal(240, map.Rows);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(3.5)]
    [InlineData(7.0)]
    public void Sigma_CoversTwoThirdsOfHeldOutResiduals(double pbe)
    {
        // ±0.3, alternating for each composition (the sign flips every cycle through the formulas): the fit stays (nearly)
        // the same and every held-out residual is about 0.3.
        var rows = Rows(i => (i / Formulas.Length) % 2 == 0 ? 0.3 : -0.3);
        var map = DftGapMap.Fit(rows, neighbours: 0);
        // Unstructured noise: the neighbour correction cannot help and adds its own scatter, and σ grows to say so.
        var corrected = DftGapMap.Fit(rows);
        Assert.InRange(corrected.CvWithin1Sigma, 0.6, 0.8);
        Assert.True(corrected.Sigma(pbe) >= map.Sigma(pbe), $"σ {corrected.Sigma(pbe):0.000} with the correction, {map.Sigma(pbe):0.000} without");
        // Held-out residuals add the fit's own error, largest at the ends of the range (leverage).
        Assert.InRange(map.Sigma(pbe), 0.28, 0.36);
        var cao = Composition.Parse("CaO");
        Assert.Equal(DftGapMap.Features(pbe, cao).Select((f, k) => f * Truth[k]).Sum(), map.Map(pbe, cao), 0.05);
        Assert.InRange(map.CvMae, 0.27, 0.33);
    }

    [Theory]
    [InlineData("CaO", 1, 0, 1)]     // s/p binary: the largest PBE underestimate (7.0 eV measured, 3.6 eV PBE)
    [InlineData("ZnO", 1, 1, 0)]     // filled semicore 3d shell
    [InlineData("ZrO2", 1, 0, 0)]    // d0 oxide: a d conduction band
    [InlineData("LiFePO4", 0, 0, 0)]
    public void Features_TellTheKindsOfCompoundApart(string formula, double binary, double d10, double sp)
    {
        var phi = DftGapMap.Features(2.0, Composition.Parse(formula));
        Assert.Equal([1, 2.0, phi[2], 2.0 * phi[2], d10, 2.0 * d10, binary, 2.0 * binary, sp, 2.0 * sp], phi);
        Assert.True(phi[2] > 1, $"{formula}: Δχ {phi[2]}");
    }

    [Fact]
    public void NeighbourCorrection_RecoversAFamilyOffsetTheLinearFeaturesMiss()
    {
        // Regression: NaCl was mapped to 6.93 eV (8.5 measured) although KCl, 8.5 eV at nearly the same PBE gap, was a
        // training row — the halides' larger underestimate is not in the global features. Here the halides (NaCl, KBr)
        // sit 1.5 eV above the true map.
        var rows = Rows(_ => 0).Select(r => (r.Item1, r.Item2, r.Item3 + (r.Item2.GetAmount("Cl") + r.Item2.GetAmount("Br") > 0 ? 1.5 : 0))).ToList();
        var corrected = DftGapMap.Fit(rows);
        var linear = DftGapMap.Fit(rows, neighbours: 0);
        var nacl = Composition.Parse("NaCl");
        var truth = DftGapMap.Features(4.1, nacl).Select((f, k) => f * Truth[k]).Sum() + 1.5;
        Assert.InRange(corrected.Map(4.1, nacl), truth - 0.3, truth + 0.3);
        Assert.True(Math.Abs(linear.Map(4.1, nacl) - truth) > 0.4, $"linear map {linear.Map(4.1, nacl):0.00} against {truth:0.00}");
        Assert.True(corrected.CvMae < 0.5 * corrected.CvMaeLinear, $"CV MAE {corrected.CvMae:0.000} against the linear {corrected.CvMaeLinear:0.000}");
        Assert.Null(linear.Neighbours);
        Assert.Contains("Cl", corrected.Explain(4.1, nacl).Correction, StringComparison.Ordinal);
        // A composition far from both halides keeps (nearly) the linear map.
        var zro2 = Composition.Parse("ZrO2");
        Assert.InRange(corrected.Map(3.0, zro2) - linear.Map(3.0, zro2), -0.3, 0.3);
    }

    [Theory]
    [InlineData("NiO", true)]      // Materials Project puts U on Ni in oxides
    [InlineData("LiCoO2", true)]
    [InlineData("MnF2", true)]     // and in fluorides
    [InlineData("WO3", true)]
    [InlineData("FeS2", false)]    // not in sulfides: plain GGA
    [InlineData("TiO2", false)]    // Ti carries no U
    [InlineData("ZnO", false)]
    public void HubbardU_FlagsTheCompoundsMaterialsProjectComputesWithGgaPlusU(string formula, bool expected)
    {
        var composition = Composition.Parse(formula);
        Assert.Equal(expected, GapNeighbours.IsHubbardU(composition));
        var descriptor = GapNeighbours.Descriptor(1.0, composition);
        Assert.Equal(GapNeighbours.DescriptorNames.Count, descriptor.Length);
        Assert.Equal(expected ? 1 : 0, descriptor[GapNeighbours.DescriptorNames.ToList().IndexOf("GGA+U")]);
    }

    [Fact]
    public void Fit_RejectsAnEmptyBin()
    {
        var rows = Rows(_ => 0).Where(p => p.Item1 < 5).ToList();
        Assert.Throws<ArgumentException>(() => DftGapMap.Fit(rows));
    }

    [Fact]
    public void SaveLoad_RoundTrips_AndUnknownCompositionsHaveNoGap()
    {
        var gaps = new Dictionary<ulong, float>
        {
            [KnownFormulaSet.Hash(Composition.Parse("CaO"))] = 3.63f,
            [KnownFormulaSet.Hash(Composition.Parse("Cu"))] = 0f,
        };
        var map = DftGapMap.Fit(Rows(i => i % 2 == 0 ? 0.1 : -0.1));
        var reference = new DftGapReference(gaps, map, new Dictionary<string, string> { ["source"] = "test" });
        var path = Path.Combine(Path.GetTempPath(), $"dft_gaps_{Guid.NewGuid():N}.bin");
        try
        {
            reference.Save(path);
            var loaded = DftGapReference.Load(path);
            Assert.Equal(3.63, loaded.Gap(Composition.Parse("Ca2O2"))!.Value, 5);
            Assert.Equal(0.0, loaded.Gap(Composition.Parse("Cu"))!.Value);
            Assert.Null(loaded.Gap(Composition.Parse("MgO")));
            Assert.Equal(map.Coefficients, loaded.Map.Coefficients);
            Assert.Equal(map.CvWithin1Sigma, loaded.Map.CvWithin1Sigma);
            Assert.NotNull(loaded.Map.Neighbours);
            var nacl = Composition.Parse("NaCl");
            Assert.Equal(map.Map(4.1, nacl), loaded.Map.Map(4.1, nacl), 12);
            Assert.Equal("test", loaded.Provenance["source"]);

            File.WriteAllBytes(path, File.ReadAllBytes(path)[..^5]);
            Assert.Throws<InvalidDataException>(() => DftGapReference.Load(path));

            // Regression: a table of the previous version (neighbour descriptors one entry short, no GGA+U flag) must be
            // refused with what to do, not read with misaligned descriptors.
            reference.Save(path);
            var bytes = File.ReadAllBytes(path);
            bytes[7] = (byte)'2';
            File.WriteAllBytes(path, bytes);
            var error = Assert.Throws<InvalidDataException>(() => DftGapReference.Load(path));
            Assert.Contains("bench dft-gaps", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}

public class MeasuredGapReferenceTests
{
    private static MeasuredGapReference Reference() => new(new Dictionary<string, double>(StringComparer.Ordinal)
    {
        [SurrogateDataset.Key(Composition.Parse("TiO2"))] = 3.3,
        [SurrogateDataset.Key(Composition.Parse("KBr"))] = 7.6,
    });

    [Theory]
    [InlineData("TiO2", 3.3)]
    [InlineData("Ti2O4", 3.3)]   // the same reduced composition
    [InlineData("O2Ti", 3.3)]
    [InlineData("KBr", 7.6)]
    [InlineData("Ti2O3", null)]  // another composition of the same elements
    [InlineData("TiO2N0.1", null)]
    [InlineData("Ti0.9Zr0.1O2", null)]
    [InlineData("KCl", null)]
    public void MeasuredValue_IsUsedOnlyForAnExactReducedCompositionMatch(string formula, double? expected)
    {
        var found = Reference().Find(Composition.Parse(formula));
        Assert.Equal(expected, found?.Gap);
    }

    [Theory]
    [InlineData(0.0, 0.1)]
    [InlineData(3.3, 0.345)]
    [InlineData(7.6, 0.767)]
    public void Sigma_IsTenPercentWithAFloor(double gap, double sigma) =>
        Assert.Equal(sigma, MeasuredGapReference.SigmaOf(gap), 3);

    [Theory]
    [InlineData("ReO3", 2.3, 0.0, 0.0, true)]     // label error: a 5d oxide with no PBE gap is a metal
    [InlineData("TaN", 2.3, 0.0, 0.0, true)]
    [InlineData("CoO", 2.5, 0.0, 0.0, false)]     // 3d Mott insulator: PBE closes its gap
    [InlineData("InN", 0.7, 0.0, 0.0, false)]     // small gap: PBE closes it
    [InlineData("B2O3", 4.89, 6.3, 8.35, true)]   // far below PBE: another phase or an impurity edge
    [InlineData("KBr", 7.6, 4.1, 4.31, false)]
    [InlineData("La2CuO4", 0.0, 0.0, 0.0, true)]  // 0 means "metal" in the compilation, the least reliable labels
    public void Distrust_FollowsThePbeCrossCheck(string formula, double gap, double median, double max, bool distrusted)
    {
        var reason = MeasuredGapReference.Distrust(Composition.Parse(formula), gap, new DftGapRange(0, max, median));
        Assert.Equal(distrusted, reason is not null);
    }

    [Fact]
    public void SaveLoad_RoundTrips_AndABadRowIsRejected()
    {
        var path = Path.Combine(Path.GetTempPath(), $"expt_gaps_{Guid.NewGuid():N}.csv");
        try
        {
            Reference().Save(path);
            var loaded = MeasuredGapReference.Load(path);
            Assert.Equal(2, loaded.Count);
            Assert.Equal(7.6, loaded.Find(Composition.Parse("KBr"))!.Gap);
            File.AppendAllText(path, "CaO,-1\n");
            Assert.Throws<InvalidDataException>(() => MeasuredGapReference.Load(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}

public class AnchoredGapTests(ShippedModelFixture models) : IClassFixture<ShippedModelFixture>
{
    [SkippableTheory]
    [InlineData("CaO")]
    [InlineData("ZnO")]
    [InlineData("GaN")]
    public void CompositionWithAPbeGap_IsAnchored_BetweenModelAndMappedPbe(string formula)
    {
        // Regression: binaries absent from expt_gap (CaO, ZnO) got the composition model's extrapolation alone.
        var p = models.Predict(formula);
        var predictor = models.Predictor!;
        Skip.If(predictor.DftGaps is null, "models/dft_gaps.bin is absent");
        var composition = Composition.Parse(formula);
        var pbe = predictor.DftGaps!.Gap(composition);
        Assert.True(pbe > 0, $"{formula}: no PBE gap in the table");
        var gap = p["band_gap"];
        Assert.NotNull(gap.Note);
        Assert.Equal(PropertyPrediction.AnchoredPbe, gap.Source);
        var model = predictor.Models.First(m => m.Header.Name == SurrogateCatalog.BandGap.Name).PredictBatch([composition], [0.0])[0].Mean;
        var mapped = predictor.DftGaps.Map.Map(pbe!.Value, composition);
        var q = 1 - p["is_metal"].Mean;
        Assert.InRange(gap.Mean / q, Math.Min(model, mapped) - 1e-9, Math.Max(model, mapped) + 1e-9);
    }

    [SkippableTheory]
    [InlineData("NaCl", 8.5)]   // was 6.93 eV from the linear map alone
    [InlineData("Li2O", 8.0)]   // was 7.38
    [InlineData("ZnO", 3.37)]   // was 2.59
    public void ShippedMap_CorrectsWideGapSolids_FromTheirMeasuredNeighbours(string formula, double literature)
    {
        Skip.If(models.Predictor?.DftGaps is null, "models/dft_gaps.bin is absent");
        var reference = models.Predictor!.DftGaps!;
        var composition = Composition.Parse(formula);
        var pbe = reference.Gap(composition)!.Value;
        var (mapped, correction) = reference.Map.Explain(pbe, composition);
        Assert.NotNull(correction);
        Assert.InRange(mapped, literature - 0.6, literature + 0.6);
    }

    [SkippableTheory]
    [InlineData("Cu")]
    [InlineData("NiAl")]
    public void ZeroPbeGap_LeavesTheModelAlone(string formula)
    {
        var gap = models.Predict(formula)["band_gap"];
        Assert.Null(gap.Note);
    }
}

public class MeasuredGapTests(ShippedModelFixture models) : IClassFixture<ShippedModelFixture>
{
    [SkippableTheory]
    [InlineData("KBr", 7.6)]
    [InlineData("MnO", 3.6)]
    [InlineData("Cr2O3", 3.4)]
    public void KnownCompound_GetsItsMeasuredGap_NotTheModelsGuess(string formula, double measured)
    {
        // Regression: KBr 6.49 eV, MnO 2.68 eV, Cr2O3 3.04 eV although expt_gap measured 7.6, 3.6 and 3.4 eV.
        Skip.If(models.Predictor?.MeasuredGaps is null, "models/expt_gaps.csv is absent");
        var p = models.Predict(formula);
        var gap = p["band_gap"];
        Assert.Equal(PropertyPrediction.Measured, gap.Source);
        Assert.Equal(measured, gap.Mean, 3);
        Assert.Contains(MeasuredGapReference.SourceName, gap.Note, StringComparison.Ordinal);
        Assert.Contains("estimate", gap.Note, StringComparison.Ordinal);
        Assert.True(p["is_metal"].Mean <= PropertyPredictor.MetalShareWhenDftGapped + 1e-9, $"{formula}: p_metal {p["is_metal"].Mean}");
    }

    [SkippableTheory]
    [InlineData("ReO3")]    // measured "2.3 eV", PBE 0: a known label error
    [InlineData("La2CuO4")] // measured "0", an insulator: zeros are not used
    [InlineData("CaO")]     // not in expt_gap at all
    public void LabelErrorsAndUnmeasuredCompounds_AreNotAnsweredByAMeasurement(string formula)
    {
        Skip.If(models.Predictor?.MeasuredGaps is null, "models/expt_gaps.csv is absent");
        Assert.NotEqual(PropertyPrediction.Measured, models.Predict(formula)["band_gap"].Source);
    }

    [SkippableTheory]
    [InlineData("CaO", 7.0)]      // was 4.07 ± 1.09 (the quadratic map of the PBE gap)
    [InlineData("MgO", 7.8)]
    [InlineData("NaCl", 8.5)]
    [InlineData("Al2O3", 8.8)]    // was 5.53 ± 1.41
    [InlineData("ZnO", 3.37)]
    [InlineData("GaN", 3.4)]
    [InlineData("Si", 1.12)]
    [InlineData("LiFePO4", 3.8)]
    [InlineData("LiCoO2", 2.7)]
    [InlineData("SrTiO3", 3.25)]
    public void TextbookCompound_LiteratureGapLiesWithinTwoSigma(string formula, double literature)
    {
        // Regression: wide-gap ionic solids were 2–3 eV low, outside 2σ (CaO 4.07 ± 1.09 against 7.0 eV).
        var gap = models.Predict(formula)["band_gap"];
        Assert.True(Math.Abs(gap.Mean - literature) <= 2 * gap.Std, $"{formula}: {gap.Mean:0.00} ± {gap.Std:0.00} eV against {literature} eV");
    }
}
