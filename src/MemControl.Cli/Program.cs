using MemControl.Cli;
using MemControl.Models.Runtime;

CpuKernels.UseSafeConvolutionKernels();
return MemControlApp.Run(args);
