using MemControl.Cli;

return MemControlApp.Run(args);
