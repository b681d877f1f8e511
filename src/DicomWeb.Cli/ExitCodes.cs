namespace DicomWeb.Cli;

/// <summary>What the process returns (docs/cli.md).</summary>
internal static class ExitCodes
{
    /// <summary>Everything asked for was done.</summary>
    public const int Ok = 0;

    /// <summary>Some instances failed, or nothing was found where something was asked for.</summary>
    public const int Partial = 1;

    /// <summary>The command line is wrong: unknown verb or option, a bad value, a query the VR does not allow.</summary>
    public const int Usage = 2;

    /// <summary>The server refused, broke off or could not be reached.</summary>
    public const int Server = 3;
}
