export async function importConfigs(): Promise<number> {
  return 1;
}
