namespace MatAssistant.Chemistry.Tests;

public class DataLoadingTests
{
    [Fact]
    public void ElementTable_HasAll103ElementsWithPymatgenValues()
    {
        var table = ElementTable.Default;
        Assert.Equal(103, table.Elements.Count);
        Assert.Equal("Lr", table[103].Symbol);
        Assert.Equal(1.83, table["Fe"].PaulingElectronegativity);
        Assert.Null(table["He"].PaulingElectronegativity);
        Assert.Equal([2, 3], table["Fe"].IcsdOxidationStates);
        Assert.Empty(table["Pt"].IcsdOxidationStates);
        Assert.True(table["Xe"].IsNobleGas);
    }

    [Fact]
    public void SmactStateFile_ReadsCrlfTabsSignsAndEmptyLines()
    {
        var text = "# comment\r\n#\r\nH -1 +1\r\nHe\r\nS -2 -1\t+1 +2 4 +6\r\nRf +4\r\n";
        var set = OxidationStateSet.LoadSmact(new StringReader(text), "test");
        Assert.Equal([-2, -1, 1, 2, 4, 6], set[16].ToArray().Order());
        Assert.True(set[2].IsEmpty);
        Assert.True(set[26].IsEmpty); // not listed at all
    }

    [Fact]
    public void SmactStateFile_RejectsGarbage()
    {
        Assert.Throws<InvalidDataException>(() => OxidationStateSet.LoadSmact(new StringReader("Fe +2 x3\n"), "bad"));
        Assert.Throws<InvalidDataException>(() => OxidationStateSet.LoadSmact(new StringReader("# only comments\n"), "empty"));
        Assert.Throws<InvalidDataException>(() => OxidationStateSet.LoadSmact(new StringReader("Iron +2\n"), "bad"));
    }

    [SkippableFact]
    public void SmactFiles_FromSharedData_LoadWithKnownQuirks()
    {
        SharedData.Require();
        var smact14 = OxidationStateSet.LoadSmactFile(SharedData.Smact("oxidation_states.txt"));
        Assert.Equal(8, smact14[ElementTable.Default["S"]].Length); // the S line has a tab
        var icsd24 = OxidationStateSet.LoadSmactFile(SharedData.Smact("oxidation_states_icsd24_filtered.txt"));
        Assert.True(icsd24[ElementTable.Default["Pm"]].IsEmpty);
        var chi = ElectronegativityTable.LoadSmactElementData(SharedData.Smact("element_data.txt"));
        Assert.Equal(1.7, chi[ElementTable.Default["W"]]);
        Assert.Equal(2.36, ElectronegativityTable.Pauling[ElementTable.Default["W"]]);
        Assert.True(double.IsNaN(chi[ElementTable.Default["Pm"]]));
        Assert.Equal(3.0, chi[ElementTable.Default["Kr"]]);
    }

    [Fact]
    public void BuiltInSets_ResolveByName_AndFilesByPath()
    {
        Assert.Same(OxidationStateSet.Icsd, OxidationStateSet.Resolve("icsd"));
        Assert.Same(ElectronegativityTable.Pauling, ElectronegativityTable.Resolve("Pauling"));
        Assert.Throws<FileNotFoundException>(() => OxidationStateSet.Resolve("/no/such/file.txt"));
        Assert.Equal(79, MetalSet.Smact.Count);
        Assert.Equal(78, MetalSet.Pymatgen.Count);
    }
}
