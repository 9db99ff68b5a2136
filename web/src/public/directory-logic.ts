// Filtering the directory on the page (name, town, certification), pure.
export interface DirectoryAgent {
  id: string;
  name: string;
  town: string;
  tier: string;
  certifications: string[];
  email: string;
  phone: string;
  website: string;
}

export function filterDirectory(agents: readonly DirectoryAgent[], search: string): DirectoryAgent[] {
  const words = search.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...agents];
  return agents.filter((agent) => {
    const text = [agent.name, agent.town, agent.tier, ...agent.certifications].join(' ').toLowerCase();
    return words.every((word) => text.includes(word));
  });
}
