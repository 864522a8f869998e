using System.Text.Json;
using MatAssistant.Agent.Answers;
using MatAssistant.Agent.Evaluation;

namespace MatAssistant.Agent.Tests;

/// <summary>The judge of <c>eval --mode requests</c> must fail what the README says fails; a judge that passes everything is no judge.</summary>
public class RequestEvaluationTests
{
    private static RequestCase Case(string expect) => new("t", "solve", "q", JsonDocument.Parse(expect).RootElement.Clone());

    private static AssistantAnswer Answer(string text, params string[] tools) =>
        new(text, [], [.. tools.Select(t => new ToolCallSummary(t, new Dictionary<string, object?>(), true, null, null))], "offline", [], [], []);

    [Theory]
    [InlineData("t90 = 660 min (39600 s)", true)]
    [InlineData("t = 3.96×10^4 s", true)]
    [InlineData("t = 3.96 × 10⁴ s", true)]
    [InlineData("t = 3.96e4 s", true)]
    [InlineData("t = 39,600 s", true)]
    [InlineData("t = 600 min", false)]
    public void Numbers_AreFoundInEveryNotation(string text, bool passes)
    {
        var failures = RequestEvaluation.Judge(Case("""{"numbers": [[[660, 0.02], [39600, 0.02]]]}"""), Answer(text));
        Assert.Equal(passes, failures.Count == 0);
    }

    [Fact]
    public void MissingTool_AndMissingString_AreFailures()
    {
        var failures = RequestEvaluation.Judge(Case("""{"tools": ["solve"], "answer_all": ["half-life"]}"""), Answer("It decays.", "literature_retrieve"));
        Assert.Equal(2, failures.Count);
    }

    [Theory]
    [InlineData("What is the rate constant k?", false, true)]
    [InlineData("Give the activation energy.", false, false)]
    [InlineData("What is the rate constant k?", true, false)]
    public void Clarify_MustAskForTheParameter_AndNotSolveWithADefault(string text, bool solved, bool passes)
    {
        var answer = solved ? Answer(text, "equations_solve") : Answer(text);
        Assert.Equal(passes, RequestEvaluation.Judge(Case("""{"clarify": ["k"]}"""), answer).Count == 0);
    }

    [Theory]
    [InlineData("The corpus does not report MatGAN's learning rate.", true)]
    [InlineData("MatGAN was trained with a learning rate of 1e-4.", false)]
    public void Refuse_NeedsTheCorpusToBeSaidSilent(string text, bool passes) =>
        Assert.Equal(passes, RequestEvaluation.Judge(Case("""{"refuse": true}"""), Answer(text)).Count == 0);

    [Fact]
    public void Candidates_WithoutADesignResult_Fail() =>
        Assert.Contains("no candidates (no design result)", RequestEvaluation.Judge(Case("""{"candidates": {"count": 3}}"""), Answer("x")));

    [Theory]
    [InlineData("ok, also check La0.7Sr0.3MnO3", true)]
    [InlineData("What about Fe3O4?", true)]
    [InlineData("Okay so what is CDVAE", true)]
    [InlineData("Check Fe3O4", false)]
    public void FollowUps_AreRecognised(string request, bool followUp) => Assert.Equal(followUp, RequestEvaluation.IsFollowUp(request));
}
