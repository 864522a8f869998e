using System.Reflection;
using MatAssistant.Agent.Prompts;
using Microsoft.SemanticKernel;

namespace MatAssistant.Agent.Plugins;

/// <summary>
/// Builds a Semantic Kernel plugin from an object's <see cref="KernelFunctionAttribute"/> methods, taking the function and
/// parameter descriptions from <c>prompts/tools.json</c> rather than from attributes, so the texts the model reads live in prompts/.
/// </summary>
internal static class DescribedPlugin
{
    /// <summary>One plugin named <paramref name="pluginName"/> holding the functions of every target (e.g. screen and generate under <c>compositions</c>).</summary>
    public static KernelPlugin Create(string pluginName, PromptLibrary prompts, params object[] targets)
    {
        var functions = new List<KernelFunction>();
        foreach (var (target, method) in targets.SelectMany(t => t.GetType().GetMethods(BindingFlags.Public | BindingFlags.Instance).Select(m => (t, m))))
        {
            if (method.GetCustomAttribute<KernelFunctionAttribute>() is not { } attribute)
            {
                continue;
            }

            var functionName = attribute.Name ?? method.Name;
            var toolName = $"{pluginName}_{functionName}";
            var plain = KernelFunctionFactory.CreateFromMethod(method, target, functionName);
            functions.Add(KernelFunctionFactory.CreateFromMethod(method, target, new KernelFunctionFromMethodOptions
            {
                FunctionName = functionName,
                Description = prompts.ToolDescription(toolName),
                Parameters = plain.Metadata.Parameters
                    .Select(p => new KernelParameterMetadata(p) { Description = prompts.ParameterDescription(toolName, p.Name) })
                    .ToList(),
                ReturnParameter = plain.Metadata.ReturnParameter,
            }));
        }

        return KernelPluginFactory.CreateFromFunctions(pluginName, functions);
    }
}
