namespace MatAssistant.Agent.Tests;

public class AgentInfoTests
{
    [Fact]
    public void Backends_AreTheThreeBrains() => Assert.Equal(["offline", "llama", "openai"], AgentInfo.Backends);
}
