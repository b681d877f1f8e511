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

    /// <summary>The server refused, broke off, could not be reached, or answered what the tool cannot use.</summary>
    public const int Server = 3;

    /// <summary>A local file or folder could not be read or written: the folder store (read-only, full, a damaged index), --out.</summary>
    public const int Local = 4;

    /// <summary>Anything else the tool did not foresee: one line, the stack trace with --verbose.</summary>
    public const int Unexpected = 5;
}
