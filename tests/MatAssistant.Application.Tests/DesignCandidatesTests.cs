using MatAssistant.Application.Design;
using MatAssistant.Chemistry;

namespace MatAssistant.Application.Tests;

public sealed class DesignCandidatesTests(WorkspaceFixture fixture) : IClassFixture<WorkspaceFixture>
{
    private Task<DesignResult> Run(DesignRequest request) => new DesignCandidates(fixture.Workspace).RunAsync(request);

    private static List<string> Elements(DesignCandidate c) => Composition.Parse(c.Formula).Elements.Select(e => e.Symbol).ToList();

    [Fact]
    public async Task ElementsOnly_WithInclude_GivesExactlyTheSystem_ValidAndNovel()
    {
        var result = await Run(new DesignRequest(12, Include: ["Li", "Mn", "O"], ElementsOnly: ["Li", "Mn", "O"], NovelOnly: true));
        Assert.Equal(12, result.Delivered);
        Assert.All(result.Candidates, c =>
        {
            Assert.Equal(["Li", "Mn", "O"], Elements(c).Order(StringComparer.Ordinal));
            Assert.True(c.Valid);
            Assert.True(c.Novel);
            Assert.True(c.MeetsAll);
        });
        Assert.Contains("only elements of Li–Mn–O", result.Understood, StringComparison.Ordinal);
        Assert.Contains(result.ConstraintsApplied, a => a.StartsWith("novel_only", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ClosedPrototypeSpace_TheSamplerLeftShort_IsListed_AndEveryChargeBalancedMemberDelivered()
    {
        // Regression: "four ABX3 perovskites with Cs, Pb or Sn, Br or I" drew thousands of samples and delivered none; the
        // space has 12 compositions, of which the four CsBX3 are charge-balanced.
        var result = await Run(new DesignRequest(6, Include: ["Cs"], IncludeAny: [["Pb", "Sn"], ["Br", "I"]], Stoichiometry: "ABX3", SampleBudget: 64));
        Assert.Equal(["CsPbBr3", "CsPbI3", "CsSnBr3", "CsSnI3"], result.Candidates.Where(c => c.MeetsAll).Select(c => c.ReducedFormula).Order(StringComparer.Ordinal));
        Assert.All(result.Candidates.Where(c => c.Source == DesignCandidate.Enumerated), c => Assert.Null(c.LogProbability));
        Assert.Contains("12 compositions of it can be formed", result.Note, StringComparison.Ordinal);
        Assert.True(result.SamplesDrawn <= 64 + 512);
    }

    [Fact]
    public async Task PrototypeSpaceSmallerThanTheCount_IsListedAfterOneRound_NotAfterTheWholeBudget()
    {
        // Regression: "4 perovskites with Sr on the A site and Ti or Zr on the B site" sampled for the full 30 s before
        // listing a space of two (SrTiO3, SrZrO3).
        var result = await Run(new DesignRequest(4, Include: ["Sr"], IncludeAny: [["Ti", "Zr"]], Stoichiometry: "SrBO3"));
        Assert.Equal(["SrTiO3", "SrZrO3"], result.Candidates.Select(c => c.ReducedFormula).Order(StringComparer.Ordinal));
        Assert.Equal(2, result.Delivered);
        Assert.True(result.SamplesDrawn <= 512, $"{result.SamplesDrawn} samples drawn");
        Assert.Contains("smaller than the 4 asked for", result.Note, StringComparison.Ordinal);
        Assert.Contains("SrTiO3", result.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnusualStates_AreReplacedByUsualOnes_AndThoseLeftAreNamed()
    {
        // Regression: "ABO3 with B = Ti, 5 new ones" stopped at the first five accepted: HfTiO3 (Hf+2), TiPO3 (P+3),
        // TiNbO3 (Nb+2), all below plausibility 0.5, although usual ones (Ti+4 with a 2+ cation) were a round away.
        var result = await Run(new DesignRequest(5, Include: ["Ti", "O"], ElementCount: new ElementCountRange(3), Stoichiometry: "ATiO3", NovelOnly: true));
        Assert.Equal(5, result.Delivered);
        var unusual = result.Candidates.Where(c => c.Plausibility < DesignCandidates.UsualStates).ToList();
        Assert.True(unusual.Count <= 1, string.Join(", ", unusual.Select(c => $"{c.ReducedFormula} {c.Plausibility}")));
        Assert.All(unusual, c => Assert.Contains(c.ReducedFormula, result.Note, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ListKnown_NamesTheKnownCompositionsOfTheSystem_AndTheProposalsAreNovel()
    {
        // Regression (dev-req-28 kind): "which Ca–Al–O compositions are already known, and propose 3 novel ones" named none.
        var result = await Run(new DesignRequest(3, Include: ["Ca", "Al", "O"], ElementCount: new ElementCountRange(3), NovelOnly: true, ListKnown: true));
        var known = Assert.IsType<KnownInSystem>(result.KnownInSystem);
        Assert.Equal(["Al", "Ca", "O"], known.System.Order(StringComparer.Ordinal));
        Assert.Contains("CaAl2O4", known.Formulas);
        Assert.All(known.Formulas, f => Assert.Equal(3, Composition.Parse(f).ElementCount));
        Assert.All(result.Candidates, c => Assert.DoesNotContain(c.ReducedFormula, known.Formulas));
        Assert.Contains("CaAl2O4", known.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KnownOnly_WellKnownRocksaltMonoxides_AreKnownCompositions_NotTheGeneratorsNovelOnes()
    {
        // Regression: "list 8 well-known rocksalt monoxides MO" got RuO, OsO, SO, AsO — all novel, most implausible.
        var result = await Run(new DesignRequest(8, Include: ["O"], ElementCount: new ElementCountRange(2), Anion: "O", Stoichiometry: "MO", KnownOnly: true));
        Assert.Equal(8, result.Delivered);
        Assert.All(result.Candidates, c => Assert.False(c.Novel, $"{c.ReducedFormula} is novel"));
        Assert.Contains(result.ConstraintsApplied, a => a.StartsWith("known_only", StringComparison.Ordinal));
        Assert.Contains("known", result.Understood, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KnownOnly_WithAnExactCount_ListsTheReference_NotTheSamplersFew()
    {
        // Regression: "6 known binary nitrides that are semiconductors" gave the rare-earth nitrides the sampler happened to
        // draw; GaN, the textbook one, was never drawn. The reference's binary nitrides are now listed and screened.
        var result = await Run(new DesignRequest(200, Include: ["N"], ElementCount: new ElementCountRange(2), Anion: "N", KnownOnly: true));
        Assert.Equal(0, result.SamplesDrawn);
        Assert.Contains(result.Candidates, c => c.ReducedFormula == "GaN");
        Assert.All(result.Candidates, c =>
        {
            Assert.True(c.Known);
            Assert.Equal(DesignCandidate.Enumerated, c.Source);
            Assert.Equal(2, Elements(c).Count);
        });
        Assert.Contains("searched directly instead of sampled", result.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NovelOnlyAndKnownOnly_Together_AreABadRequest()
    {
        var e = await Assert.ThrowsAsync<RequestException>(() => Run(new DesignRequest(3, Include: ["O"], NovelOnly: true, KnownOnly: true)));
        Assert.Contains("cannot both be set", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListKnown_OfAPrototypeSpace_NamesItsKnownMembers()
    {
        // "Which KMF3 fluoride perovskites are already known?": no closed element system, but a closed prototype space.
        var result = await Run(new DesignRequest(3, Include: ["K", "F"], Stoichiometry: "KMF3", ListKnown: true, SampleBudget: 512));
        var known = Assert.IsType<KnownInSystem>(result.KnownInSystem);
        Assert.Null(known.Note);
        Assert.Equal("KMF3", known.Prototype);
        Assert.Contains("KMgF3", known.Formulas);
        Assert.True(Prototype.TryParse("KMF3", out var prototype, out _));
        Assert.All(known.Formulas, f => Assert.True(prototype!.Matches(Composition.Parse(f)), f));
        Assert.Contains("KMgF3", known.Summary, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "Ca", "transition_metal", "O" }, null)]
    [InlineData(null, 4)]
    public void ListKnown_WithoutAClosedSystem_SaysWhy(string[]? elementsOnly, int? exact)
    {
        var request = new DesignRequest(3, Include: ["Ca", "O"], ElementsOnly: elementsOnly, ElementCount: new ElementCountRange(exact), ListKnown: true);
        var known = DesignCandidates.KnownOf(request, fixture.Workspace.Known);
        Assert.Empty(known.Formulas);
        Assert.Contains("closed chemical system", known.Note, StringComparison.Ordinal);
    }

    /// <summary>Li4Mn3O passed SMACT's rules as Li⁺ Mn⁻ O⁻ (plausibility 0.017) and was proposed as a Li–Mn–O candidate.</summary>
    [Fact]
    public async Task MetalsInNegativeStates_AreNotProposed_AndTheFloorIsReported()
    {
        var result = await Run(new DesignRequest(20, Include: ["Li", "Mn", "O"], ElementsOnly: ["Li", "Mn", "O"], NovelOnly: true));
        Assert.Equal(20, result.Delivered);
        Assert.All(result.Candidates, c => Assert.True(c.Plausibility >= DesignRequest.DefaultMinPlausibility, $"{c.Formula}: {c.Plausibility}"));
        Assert.True(result.Rejected.GetValueOrDefault("implausible") > 0, "the floor rejected nothing, so this test would not see a regression");
        Assert.Contains(result.ConstraintsApplied, a => a.StartsWith("min_plausibility 0.05", StringComparison.Ordinal));

        var unfiltered = await Run(new DesignRequest(20, Include: ["Li", "Mn", "O"], ElementsOnly: ["Li", "Mn", "O"], NovelOnly: true, MinPlausibility: 0));
        Assert.Equal(0, unfiltered.Rejected.GetValueOrDefault("implausible"));
        // Usual states first (plausibility ≥ 0.5) even without the floor: Li3MnO2 as Mn+1 was the model's likeliest.
        Assert.All(result.Candidates.Take(10), c => Assert.True(c.Plausibility >= 0.5, $"{c.Formula}: {c.Plausibility}"));
    }

    [Fact]
    public async Task AStateRarerThanHalfAPercent_IsNotProposed()
    {
        // Regression: BaLaO3 (Ba+2 La+4 O−2, plausibility 0.104) was proposed as a Ba perovskite; La+4 is 0.11 % of
        // lanthanum's ICSD reports, diluted by the geometric mean over three elements.
        var result = await Run(new DesignRequest(10, Include: ["Ba", "La", "O"], ElementsOnly: ["Ba", "La", "O"]));
        Assert.NotEmpty(result.Candidates);
        Assert.All(result.Candidates, c => Assert.All(c.Species!.Where(sp => sp.Element == "La"), sp => Assert.NotEqual(4, sp.OxidationState)));
        // La+2 (0.65 %) is above the floor and still proposed (Ba2LaO3): the floor takes only the rarest states.
    }

    [Fact]
    public async Task RadioactiveElements_AreLeftOut_UnlessNamedOrAllowed()
    {
        // Regression: "three perovskite oxides with Ba … band gap between 2 and 3 eV" proposed BaPaO3.
        var radioactive = ElementFamilies.Expand(["radioactive"], "test").ToHashSet(StringComparer.Ordinal);
        var result = await Run(new DesignRequest(30, Include: ["Ba", "O"], Stoichiometry: "ABO3"));
        Assert.All(result.Candidates, c => Assert.DoesNotContain(Elements(c), radioactive.Contains));
        Assert.Contains(result.ConstraintsApplied, a => a.StartsWith("exclude radioactive", StringComparison.Ordinal));

        var uranium = await Run(new DesignRequest(3, Include: ["U", "O"]));
        Assert.All(uranium.Candidates, c => Assert.Contains("U", Elements(c)));
        var allowed = await Run(new DesignRequest(3, Include: ["Ba", "O"], AllowRadioactive: true));
        Assert.DoesNotContain(allowed.ConstraintsApplied, a => a.StartsWith("exclude radioactive", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public async Task MinPlausibility_OutsideZeroToOne_IsABadRequest(double floor)
    {
        var e = await Assert.ThrowsAsync<RequestException>(() => Run(new DesignRequest(3, Include: ["Li", "O"], MinPlausibility: floor)));
        Assert.StartsWith("min_plausibility must be between 0 and 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IncludeAny_Family_AndExcludeFamily_AreHonoured()
    {
        var result = await Run(new DesignRequest(8, Include: ["Cs"], IncludeAny: [["halogen"]], Exclude: ["toxic"], ElementCount: new ElementCountRange(Max: 3)));
        Assert.NotEmpty(result.Candidates);
        var halogens = ElementFamilies.All["halogen"].Members;
        Assert.All(result.Candidates, c =>
        {
            var elements = Elements(c);
            Assert.Contains("Cs", elements);
            Assert.Contains(elements, halogens.Contains);
            Assert.DoesNotContain(elements, ElementFamilies.All["toxic"].Members.Contains);
            Assert.True(elements.Count <= 3);
        });
    }

    [Fact]
    public async Task Anion_IsNegative_AndTheMostElectronegative()
    {
        var result = await Run(new DesignRequest(6, Include: ["Zn"], Anion: "S", Exclude: ["Cd", "O"]));
        Assert.NotEmpty(result.Candidates);
        Assert.All(result.Candidates, c =>
        {
            // Species, not OxidationStates: a mixed-valence candidate has no single state per element.
            Assert.All(c.Species!.Where(sp => sp.Element == "S"), sp => Assert.True(sp.OxidationState < 0, c.Formula));
            var chi = ElementTable.Default["S"].PaulingElectronegativity;
            Assert.All(Elements(c), e => Assert.True(ElementTable.Default[e].PaulingElectronegativity <= chi, $"{c.Formula}: {e}"));
        });
    }

    [Fact]
    public async Task Perovskite_Stoichiometry_IsEnforced_AndTheStructureTypeReportedAsNotEnforced()
    {
        var result = await Run(new DesignRequest(5, Include: ["O"], Stoichiometry: "perovskite"));
        Assert.NotEmpty(result.Candidates);
        Assert.True(Prototype.TryParse("ABO3", out var abo3, out _));
        Assert.All(result.Candidates, c => Assert.True(abo3!.Matches(Composition.Parse(c.Formula)), c.Formula));
        Assert.Contains(result.ConstraintsNotEnforced, n => n.Constraint.Contains("perovskite", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SameRequestAndSeed_GiveTheSameCandidates()
    {
        var request = new DesignRequest(10, Include: ["Na", "O"], Seed: 7);
        var a = await Run(request);
        var b = await Run(request);
        Assert.Equal(a.Candidates.Select(c => c.Formula), b.Candidates.Select(c => c.Formula));
    }

    [Fact]
    public async Task ImpossibleWithinTheBudget_SaysHowManyAndWhy()
    {
        var result = await Run(new DesignRequest(50, Include: ["Li", "O"], ElementsOnly: ["Li", "O"], NovelOnly: true, SampleBudget: 2000));
        Assert.True(result.Delivered < 50);
        Assert.Contains($"Only {result.Delivered} of the 50", result.Note, StringComparison.Ordinal);
        Assert.True(result.Rejected.Values.Sum() > 0);
    }

    [Theory]
    [InlineData("Pb", "Pb", null, "both required and excluded")]
    [InlineData("Xx", null, null, "'Xx' in include")]
    [InlineData("Li,Na", null, "Li,O", "outside the system")]
    public async Task Contradictions_AndUnknownSymbols_AreErrors(string include, string? exclude, string? system, string expected)
    {
        var request = new DesignRequest(5, Include: include.Split(','), Exclude: exclude?.Split(','), ElementsOnly: system?.Split(','));
        var e = await Assert.ThrowsAsync<RequestException>(() => Run(request));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task MixedValence_OnByDefault_OffGivesOneStatePerElement(bool mixed)
    {
        var result = await Run(new DesignRequest(12, Include: ["Fe", "O"], ElementsOnly: ["Li", "Fe", "Mn", "O"], MixedValence: mixed));
        Assert.All(result.Candidates, c => Assert.True(c.Rule is "single_valence" || (mixed && c.Rule == "mixed_valence"), $"{c.Formula}: {c.Rule}"));
        Assert.All(result.Candidates, c => Assert.NotNull(c.Plausibility));
    }
}
