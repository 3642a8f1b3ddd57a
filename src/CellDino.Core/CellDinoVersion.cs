using System.Reflection;

namespace CellDino.Core;

/// <summary>The version of this CellDino build, as files it writes record it.</summary>
public static class CellDinoVersion
{
    /// <summary>
    /// The informational version: the package version with its prerelease tag and source revision
    /// (<c>0.1.0-local.20260101120000</c>, <c>0.1.0+b117979...</c>), which tells builds apart where the assembly
    /// version (<c>0.1.0.0</c>) does not.
    /// </summary>
    public static string Informational { get; } =
        typeof(CellDinoVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(CellDinoVersion).Assembly.GetName().Version?.ToString() ?? "unknown";
}
