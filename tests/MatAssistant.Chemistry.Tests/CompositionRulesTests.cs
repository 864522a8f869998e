namespace MatAssistant.Chemistry.Tests;

public class CompositionRulesTests
{
    private static readonly CompositionRules DefaultRules = new();

    private static readonly CompositionRules PymatgenRules = new(ScreeningRules.PymatgenIcsd);

    [Theory]
    [InlineData("SrTiO3", true, true, true, ValidityReason.ChargeBalanced)]
    [InlineData("NaCl", true, true, true, ValidityReason.ChargeBalanced)]
    [InlineData("LiFePO4", true, true, true, ValidityReason.ChargeBalanced)]
    [InlineData("Ca(OH)2", true, true, true, ValidityReason.ChargeBalanced)]
    [InlineData("CuSO4·5H2O", true, true, true, ValidityReason.ChargeBalanced)]
    [InlineData("PtO2", true, true, true, ValidityReason.ChargeBalanced)] // Pt has no ICSD states: pymatgen's full list is used
    [InlineData("Fe3O4", false, false, false, ValidityReason.NotChargeNeutral)] // mixed valence needs two states of Fe
    [InlineData("IN", true, false, false, ValidityReason.ElectronegativityImbalance)] // only I(-1) N(+1) balances
    [InlineData("Fe3Al", false, false, true, ValidityReason.Alloy)]
    [InlineData("Fe", false, false, true, ValidityReason.SingleElement)]
    [InlineData("XeF2", false, false, false, ValidityReason.NoOxidationStates)]
    [InlineData("He", false, false, true, ValidityReason.SingleElement)]
    [InlineData("NeO", false, false, false, ValidityReason.NoOxidationStates)]
    [InlineData("Li0.5CoO2", false, false, false, ValidityReason.NotChargeNeutral)] // LiCo2O4 needs Co 3.5
    [InlineData("Li1Co1O2", true, true, true, ValidityReason.ChargeBalanced)]
    public void Evaluate_PymatgenIcsdRules(string formula, bool neutral, bool balanced, bool valid, ValidityReason reason)
    {
        var verdict = PymatgenRules.Evaluate(Composition.Parse(formula));
        Assert.Equal(neutral, verdict.ChargeNeutral);
        Assert.Equal(balanced, verdict.ElectronegativityBalanced);
        Assert.Equal(valid, verdict.Valid);
        Assert.Equal(reason, verdict.Reason);
        Assert.Equal(valid, PymatgenRules.IsValid(Composition.Parse(formula)));
    }

    [Theory]
    [InlineData("SrTiO3", true, true, ValidityReason.ChargeBalanced, ValidityRule.SingleValence)]
    [InlineData("LiFePO4", true, true, ValidityReason.ChargeBalanced, ValidityRule.SingleValence)]
    [InlineData("Fe3O4", true, true, ValidityReason.ChargeBalanced, ValidityRule.MixedValence)]
    [InlineData("Pb3O4", true, true, ValidityReason.ChargeBalanced, ValidityRule.MixedValence)] // Pb is not in SMACT's mixed-valence list
    [InlineData("Li0.5CoO2", true, true, ValidityReason.ChargeBalanced, ValidityRule.MixedValence)] // LiCo2O4: Co+3/Co+4
    [InlineData("XeF2", true, true, ValidityReason.ChargeBalanced, ValidityRule.SingleValence)] // ICSD 2024 reports Xe+2
    [InlineData("KO2", true, true, ValidityReason.ChargeBalanced, ValidityRule.SingleValence)]
    [InlineData("Fe3Al", true, true, ValidityReason.Alloy, ValidityRule.Alloy)]
    [InlineData("NeO", false, false, ValidityReason.NoOxidationStates, null)]
    [InlineData("NaCl2", false, false, ValidityReason.NotChargeNeutral, null)]
    public void Evaluate_DefaultRules(string formula, bool neutral, bool valid, ValidityReason reason, string? rule)
    {
        var verdict = DefaultRules.Evaluate(Composition.Parse(formula));
        Assert.Equal(neutral, verdict.ChargeNeutral);
        Assert.Equal(valid, verdict.Valid);
        Assert.Equal(reason, verdict.Reason);
        Assert.Equal(rule, verdict.Rule);
        Assert.Equal(valid, DefaultRules.IsValid(Composition.Parse(formula)));
    }

    [Fact]
    public void Evaluate_ReturnsTheUsualAssignment()
    {
        var verdict = DefaultRules.Evaluate(Composition.Parse("SrTiO3"));
        Assert.Equal(new Dictionary<string, int> { ["Sr"] = 2, ["Ti"] = 4, ["O"] = -2 }, verdict.OxidationStates);
        var fe2o3 = DefaultRules.Evaluate(Composition.Parse("Fe2O3"));
        Assert.Equal(3, fe2o3.OxidationStates!["Fe"]);
    }

    [SkippableFact]
    public void Evaluate_NoElectronegativity_UnderSmactData_FailsPauling()
    {
        var rules = new CompositionRules(SmactRules("oxidation_states.txt"));
        var verdict = rules.Evaluate(Composition.Parse("PmCl3")); // SMACT's element_data.txt has no el_neg for Pm
        Assert.True(verdict.ChargeNeutral);
        Assert.False(verdict.ElectronegativityBalanced);
        Assert.Equal(ValidityReason.NoElectronegativity, verdict.Reason);
    }

    public static TheoryData<string> SmactSets => new() { "oxidation_states.txt", "oxidation_states_icsd24_filtered.txt", "oxidation_states_wiki.txt", "oxidation_states_SP.txt" };

    /// <summary>The bitset search must agree with SMACT's definition, a walk over the Cartesian product of the state lists.</summary>
    [SkippableTheory]
    [MemberData(nameof(SmactSets))]
    public void Verdicts_MatchBruteForceOverTheCartesianProduct(string stateFile)
    {
        var data = SmactRules(stateFile);
        var rules = new CompositionRules(data with { IncludeAlloys = false });
        var noPauling = new CompositionRules(data with { IncludeAlloys = false, UsePaulingTest = false });
        foreach (var composition in RandomCompositions.Generate(seed: 3, count: 4000, maxElements: 4, maxCount: 8))
        {
            var verdict = AssertAgrees(BruteForce(composition, data), composition, rules, noPauling);
            if (verdict.OxidationStates is { } states)
            {
                var reduced = composition.Reduce().Composition;
                Assert.Equal(0, reduced.Elements.Select((e, i) => states[e.Symbol] * reduced.Amounts[i]).Sum());
                Assert.All(reduced.Elements, e => Assert.Contains(states[e.Symbol], data.OxidationStates[e].ToArray()));
            }
        }
    }

    /// <summary>
    /// SMACT's <c>mixed_valence</c>: every atom of a mixed-valence element is a site with its own state, and the product
    /// walks all sites. The per-atom programme must reach the same verdicts, and report an assignment that balances.
    /// </summary>
    [SkippableTheory]
    [InlineData("oxidation_states.txt")]
    [InlineData("oxidation_states_icsd24_filtered.txt")]
    public void MixedValenceVerdicts_MatchBruteForceOverSites(string stateFile)
    {
        var data = SmactRules(stateFile) with { IncludeAlloys = false, MixedValence = true };
        var rules = new CompositionRules(data);
        var noPauling = new CompositionRules(data with { UsePaulingTest = false });
        var mixedElements = ElementSet.SmactMixedValence;
        var random = new Random(8);
        var pool = Enumerable.Range(1, ElementTable.MaxAtomicNumber).Where(z => mixedElements.Contains(z)).ToArray();
        foreach (var composition in RandomCompositions.Generate(seed: 9, count: 3000, maxElements: 3, maxCount: 5))
        {
            // Half the samples get a mixed-valence element, so the rule is exercised rather than skipped.
            var sample = random.Next(2) == 0 ? composition : Composition.Create(composition.Elements.Select((e, i) =>
                KeyValuePair.Create(i == 0 && !composition.Elements.Any(x => x.AtomicNumber == pool[0]) ? ElementTable.Default[pool[random.Next(pool.Length)]] : e, composition.Amounts[i])));
            var reducedSample = sample.Reduce().Composition;
            var combinations = reducedSample.Elements.Select((e, i) => Math.Pow(Math.Max(1, data.OxidationStates[e].Length), mixedElements.Contains(e) ? reducedSample.Amounts[i] : 1)).Aggregate(1.0, (a, b) => a * b);
            if (combinations > 20_000)
            {
                continue; // the brute force is the slow side: keep the test fast
            }

            var verdict = AssertAgrees(BruteForce(sample, data, site: e => mixedElements.Contains(e)), sample, rules, noPauling);
            if (verdict.Species is { } species)
            {
                var reduced = sample.Reduce().Composition;
                Assert.Equal(0, species.Sum(sp => sp.OxidationState * sp.Count), 9);
                Assert.All(reduced.Elements, e => Assert.Equal(reduced.GetAmount(e), species.Where(sp => sp.Element == e.Symbol).Sum(sp => sp.Count)));
            }
        }
    }

    [Fact]
    public void Verdicts_AreInvariantUnderScalingAllCounts()
    {
        var random = new Random(5);
        foreach (var composition in RandomCompositions.Generate(seed: 4, count: 3000))
        {
            var k = random.Next(2, 7);
            var scaled = Composition.Create(composition.Elements.Select((e, i) => KeyValuePair.Create(e, composition.Amounts[i] * k)));
            var a = DefaultRules.Evaluate(composition);
            var b = DefaultRules.Evaluate(scaled);
            Assert.Equal((a.ChargeNeutral, a.ElectronegativityBalanced, a.Valid, a.Reason), (b.ChargeNeutral, b.ElectronegativityBalanced, b.Valid, b.Reason));
        }
    }

    [SkippableFact]
    public void ManyElements_WithManyStates_AreDecidedQuickly()
    {
        // 12 elements of SMACT14 have a Cartesian product of ~10^10 combinations; the bitset search needs microseconds.
        var rules = new CompositionRules(SmactRules("oxidation_states.txt"));
        var composition = Composition.Parse("MnCrVTiFeCoNiCuMoWReO37");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var verdict = rules.Evaluate(composition);
        Assert.True(verdict.ChargeNeutral);
        Assert.True(watch.ElapsedMilliseconds < 1000, $"took {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void HugeCounts_UseTheDepthFirstFallback()
    {
        var verdict = DefaultRules.Evaluate(Composition.Parse("Fe999998O999999"));
        Assert.False(verdict.ChargeNeutral);
        Assert.True(DefaultRules.Evaluate(Composition.Parse("Fe666666O999999")).ChargeNeutral);
    }

    /// <summary>The report, the fast verdict and the verdict without the Pauling test all agree with the brute force.</summary>
    private static RuleVerdict AssertAgrees((bool Neutral, bool Balanced) expected, Composition composition, CompositionRules rules, CompositionRules noPauling)
    {
        var verdict = rules.Evaluate(composition);
        Assert.True(expected.Neutral == verdict.ChargeNeutral, $"{composition}: neutral expected {expected.Neutral}");
        Assert.True(expected.Balanced == verdict.ElectronegativityBalanced, $"{composition}: balanced expected {expected.Balanced}");
        Assert.Equal(expected.Balanced || composition.ElementCount == 1, rules.IsValid(composition));
        Assert.Equal(expected.Neutral || composition.ElementCount == 1, noPauling.IsValid(composition));
        return verdict;
    }

    private static ScreeningRules SmactRules(string stateFile)
    {
        SharedData.Require();
        return new(
            OxidationStateSet.LoadSmactFile(SharedData.Smact(stateFile)),
            ElectronegativityTable.LoadSmactElementData(SharedData.Smact("element_data.txt")),
            MetalSet.Smact);
    }

    /// <summary>SMACT's definition, written as plainly as SMACT writes it.</summary>
    private static (bool Neutral, bool Balanced) BruteForce(Composition composition, ScreeningRules data, Func<Element, bool>? site = null)
    {
        var reduced = composition.Reduce().Composition;
        if (site is not null)
        {
            // SMACT's _expand_mixed_valence_comp: n atoms of a mixed-valence element become n sites of amount 1.
            var expanded = new List<(Element Element, double Amount)>();
            foreach (var (e, i) in reduced.Elements.Select((e, i) => (e, i)))
            {
                expanded.AddRange(site(e) ? Enumerable.Repeat((e, 1.0), (int)reduced.Amounts[i]) : [(e, reduced.Amounts[i])]);
            }

            return BruteForceSites(expanded, data);
        }

        return BruteForceSites(reduced.Elements.Select((e, i) => (e, reduced.Amounts[i])).ToList(), data);
    }

    private static (bool Neutral, bool Balanced) BruteForceSites(List<(Element Element, double Amount)> sites, ScreeningRules data)
    {
        var elements = sites.Select(s => s.Element).ToList();
        var amounts = sites.Select(s => s.Amount).ToList();
        var lists = elements.Select(e => data.OxidationStates[e].ToArray()).ToArray();
        if (lists.Any(l => l.Length == 0))
        {
            return (false, false);
        }

        bool neutral = false, balanced = false;
        var choice = new int[elements.Count];
        void Walk(int i)
        {
            if (i == elements.Count)
            {
                if (elements.Select((e, j) => choice[j] * amounts[j]).Sum() != 0)
                {
                    return;
                }

                neutral = true;
                var ok = true;
                for (var a = 0; a < elements.Count && ok; a++)
                {
                    for (var b = a + 1; b < elements.Count && ok; b++)
                    {
                        var ea = data.Electronegativities[elements[a]];
                        var eb = data.Electronegativities[elements[b]];
                        if (double.IsNaN(ea) || double.IsNaN(eb)
                            || (choice[a] > 0 && choice[b] < 0 && ea >= eb)
                            || (choice[a] < 0 && choice[b] > 0 && ea <= eb))
                        {
                            ok = false;
                        }
                    }
                }

                balanced |= ok;
                return;
            }

            foreach (var s in lists[i])
            {
                choice[i] = s;
                Walk(i + 1);
            }
        }

        Walk(0);
        return (neutral, balanced);
    }
}
