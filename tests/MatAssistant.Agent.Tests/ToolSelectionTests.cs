using MatAssistant.Agent.Evaluation;

namespace MatAssistant.Agent.Tests;

public class ToolSelectionTests
{
    [Fact]
    public void OfflinePlanner_ChoosesToolsAndArguments_OnTheSelectionSet()
    {
        var cases = ToolSelectionEvaluator.Load(Path.Combine(AppContext.BaseDirectory, "TestData", "tool_selection.jsonl"));
        Assert.True(cases.Count >= 40);
        var report = ToolSelectionEvaluator.Evaluate(cases);
        var failures = string.Join("\n", report.Outcomes.Where(o => !(o.ToolCorrect && o.ArgumentsCorrect)).Select(o => $"{o.Case.Request} → {o.Problem}"));
        Assert.True(report.Accuracy >= 0.9, $"accuracy {report.Accuracy:P1}:\n{failures}");
    }
}
