using System.Text.Json;
using MatAssistant.Application.Literature;
using MatAssistant.Application.Screening;
using MatAssistant.Literature;

namespace MatAssistant.Application.Tests;

public sealed class ScreenAndRetrieveTests(WorkspaceFixture fixture) : IClassFixture<WorkspaceFixture>
{
    [Fact]
    public async Task Screen_ABadFormula_NeverLosesTheRestOfTheBatch()
    {
        var response = await new ScreenFormulas(fixture.Workspace).RunAsync(new ScreenRequest(["SrTiO3", "Xx2O", "LiFePO4"]));
        Assert.Equal(3, response.Results.Count);
        Assert.NotNull(response.Results[1].Error);
        Assert.True(response.Results[0].Valid);
        Assert.True(response.Results[2].Valid);
        Assert.NotNull(response.Results[2].Predictions);
    }

    [Fact]
    public async Task Screen_WhereAndRank_FilterAndCarryTheRank()
    {
        var response = await new ScreenFormulas(fixture.Workspace).RunAsync(new ScreenRequest(["SrTiO3", "Fe", "MgO", "Cu"], Where: "band_gap > 1"));
        Assert.Equal(4, response.Screened);
        Assert.All(response.Results, r => Assert.NotNull(r.Rank));
        Assert.Equal(response.Matched, response.Results.Count);
        Assert.Contains("band_gap > 1", response.Understood, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("oxidation_states", "nope.txt")]
    [InlineData("metals", "gold")]
    [InlineData("where", "band_gap >>> 2")]
    public async Task Screen_BadOptions_AreRequestExceptions_NamingTheField(string field, string value)
    {
        var request = field switch
        {
            "oxidation_states" => new ScreenRequest(["NaCl"], OxidationStates: value),
            "metals" => new ScreenRequest(["NaCl"], Metals: value),
            _ => new ScreenRequest(["NaCl"], Where: value),
        };
        var e = await Assert.ThrowsAsync<RequestException>(() => new ScreenFormulas(fixture.Workspace).RunAsync(request));
        Assert.StartsWith(field, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Results_AreSnakeCaseJson_WithTheSchemaVersion()
    {
        var response = await new ScreenFormulas(fixture.Workspace).RunAsync(new ScreenRequest(["NaCl"], Predict: false));
        using var json = JsonDocument.Parse(ContractJson.Serialize(response));
        Assert.Equal(ContractJson.Schema, json.RootElement.GetProperty("schema").GetString());
        Assert.True(json.RootElement.GetProperty("results")[0].GetProperty("electronegativity_balanced").GetBoolean());
    }

    [Fact]
    public async Task Retrieve_WhatIsCdvae_QuotesVerbatimPassages_AndTheAcronym()
    {
        var ingest = new IngestDocuments(fixture.Workspace.Options);
        using var index = ingest.Open(null, null, null);
        var result = await new RetrieveLiterature(index).RunAsync(new RetrieveRequest("What is CDVAE?"));
        Assert.NotEmpty(result.Passages);
        Assert.Contains(result.Facts, f => f.Kind == "acronym" && f.Subject == "CDVAE");
        foreach (var p in result.Passages)
        {
            var text = File.ReadAllText(index.Documents.Single(d => d.Name == p.Document).Path);
            Assert.Equal(text[p.Start..p.End], p.Text);
        }
    }

    [Theory]
    [InlineData("Who wrote the paper on the future of machine learning for materials research?", "authors", "004_e666dd4ab6e136c8.txt", "Naohiro Fujinuma, Brian DeCost, Jason Hattrick-Simpers and Samuel E. Lofland")]
    [InlineData("Who are the authors of the MatGAN paper?", "authors_discussing", "002_b22d91d85b8bad7b.txt", "Jianjun Hu, Qin Li and Nihang Fu")]
    public async Task Retrieve_WhoWrote_GivesTheAuthorLineAsACitedPassage(string query, string kind, string document, string names)
    {
        var ingest = new IngestDocuments(fixture.Workspace.Options);
        using var index = ingest.Open(null, null, null);
        var result = await new RetrieveLiterature(index).RunAsync(new RetrieveRequest(query));
        var fact = Assert.Single(result.Facts, f => f.Kind == kind);
        Assert.Equal(document, fact.Document);
        Assert.Equal(names, fact.Value);
        var passage = result.Passages.Single(p => p.Number == fact.Passage);
        Assert.Equal(index.DocumentText(document)![passage.Start..passage.End], passage.Text);
        Assert.Equal(DocumentByline.Section, passage.Section);
    }

    [Fact]
    public async Task Retrieve_LibraryListing_OneEntryPerText_WithTheTranslationMarked()
    {
        var ingest = new IngestDocuments(fixture.Workspace.Options);
        using var index = ingest.Open(null, null, null);
        var result = await new RetrieveLiterature(index).RunAsync(new RetrieveRequest("Which papers are in my library?"));
        Assert.Equal(4, result.Facts.Count(f => f.Kind == "document"));
        Assert.Equal("4", Assert.Single(result.Facts, f => f.Kind == "library").Value);
        Assert.Equal("002_b22d91d85b8bad7b.txt", Assert.Single(result.Facts, f => f.Kind == "translation").Value);
    }

    [Theory]
    [InlineData("", 5)]
    [InlineData("CDVAE", 0)]
    [InlineData("CDVAE", 21)]
    public async Task Retrieve_BadRequests_AreRequestExceptions(string query, int top)
    {
        var ingest = new IngestDocuments(fixture.Workspace.Options);
        using var index = ingest.Open(null, null, null);
        await Assert.ThrowsAsync<RequestException>(() => new RetrieveLiterature(index).RunAsync(new RetrieveRequest(query, top)));
    }
}
