/* FAKE startup (ours): a 2-entry vector table and a Reset_Handler that calls main. */
    .syntax unified
    .section .vectors, "a"
    .globl __Vectors
__Vectors:
    .long __StackTop
    .long Reset_Handler
    .text
    .thumb
    .thumb_func
    .globl Reset_Handler
Reset_Handler:
    bl main
1:  b 1b
