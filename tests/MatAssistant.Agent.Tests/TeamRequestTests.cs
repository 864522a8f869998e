using MatAssistant.Agent.Evaluation;

namespace MatAssistant.Agent.Tests;

/// <summary>
/// Realistic requests the team wrote after the dev set, each a kind of request that failed end to end when it was written
/// (a plate with faces held at a temperature read as Fick diffusion, "s-1" read as a duration, two rate constants with
/// no Ea derived, "made only of Ba, Ti and O" ignored, "At what time is B at its maximum" unanswered, a figure asked of
/// the papers for a compound they never name answered with an unrelated quote, Q in eV beside D0 not used, "什么是CDVAE？"
/// citing only the English paper, "what learning rate" answered with a validity percentage). Judged by the same rules as
/// <c>eval --mode requests</c>, through the offline brain with the shipped models.
/// </summary>
public sealed class TeamRequestTests(OfflineAssistantFixture fixture) : IClassFixture<OfflineAssistantFixture>
{
    public static TheoryData<string> Ids()
    {
        var data = new TheoryData<string>();
        foreach (var c in RequestEvaluation.Read(Path.Combine(AppContext.BaseDirectory, "TestData", "requests_team.jsonl")))
        {
            data.Add(c.Id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public async Task TeamRequest_MeetsItsExpectations(string id)
    {
        var c = RequestEvaluation.Read(Path.Combine(AppContext.BaseDirectory, "TestData", "requests_team.jsonl")).Single(r => r.Id == id);
        using var assistant = fixture.Create();
        var answer = await assistant.AskAsync(c.Request);
        var failures = RequestEvaluation.Judge(c, answer);
        Assert.True(failures.Count == 0, $"{c.Request}\n{string.Join("; ", failures)}\n---\n{answer.Answer}");
    }
}
